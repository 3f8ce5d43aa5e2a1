# cloudinary: the Cloudinary BlobStore (signatures, CLOUDINARY_URL parsing,
# the store against a fake HttpClient and against the Cloudinary test server).
# Include it from tests/storage/sources.cmake (or tests/CMakeLists.txt).
# (The Cloudinary test server library: tests/CMakeLists.txt adds it.)
target_sources(userimg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cloudinary_blob_store_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cloudinary_config_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cloudinary_server_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/signature_test.cpp
)
target_link_libraries(userimg_unit_tests PRIVATE userimg_cloudinary_test_server)
userimg_unit_test(cloudinary)
