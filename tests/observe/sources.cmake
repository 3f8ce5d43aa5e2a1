target_sources(userimg_unit_tests PRIVATE
  observe/access_log_test.cpp
  observe/request_id_test.cpp
)
userimg_unit_test(observe)
