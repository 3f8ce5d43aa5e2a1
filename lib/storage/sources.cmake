target_sources(userimg PRIVATE
  storage/blob_store.cpp
  storage/key_naming.cpp
  storage/local/local_blob_store.cpp
)
include(${CMAKE_CURRENT_LIST_DIR}/cloudinary/sources.cmake)
