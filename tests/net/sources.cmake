# net: the libcurl HttpClient, driven against the Cloudinary test server.
# The Cloudinary test server library; added here once, whichever of the
# suites that use it is included first.
if(NOT TARGET userimg_cloudinary_test_server)
  add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/../cloudinary_server
                   ${CMAKE_CURRENT_BINARY_DIR}/cloudinary_server)
endif()
target_sources(userimg_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/curl_http_client_test.cpp
)
target_link_libraries(userimg_unit_tests PRIVATE userimg_cloudinary_test_server)
userimg_unit_test(net)
