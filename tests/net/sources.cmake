# net: the libcurl HttpClient, driven against the Cloudinary test server.
# (The Cloudinary test server library: tests/CMakeLists.txt adds it.)
target_sources(userimg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/curl_http_client_test.cpp
)
target_link_libraries(userimg_unit_tests PRIVATE userimg_cloudinary_test_server)
userimg_unit_test(net)
