target_sources(userimg_unit_tests PRIVATE
  http/cgi_request_test.cpp
  http/error_mapping_test.cpp
  http/json_writer_test.cpp
  http/request_test.cpp
  http/router_test.cpp
)
userimg_unit_test(http)
