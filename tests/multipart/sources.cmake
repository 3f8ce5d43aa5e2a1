target_sources(userimg_unit_tests PRIVATE
  multipart/boundary_test.cpp
  multipart/form_parser_test.cpp
)
userimg_unit_test(multipart)
