# The Cloudinary backend of BlobStore; included from storage/sources.cmake.
target_sources(userimg PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/api_response.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cloudinary_blob_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/config_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/signature.cpp
)
