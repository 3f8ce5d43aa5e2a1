target_sources(userimg_unit_tests PRIVATE
  storage/key_naming_test.cpp
  storage/local_blob_store_test.cpp
)
userimg_unit_test(storage)
# The Cloudinary backend's suites (another folder, registered under "storage").
include(${CMAKE_CURRENT_LIST_DIR}/cloudinary/sources.cmake OPTIONAL)
