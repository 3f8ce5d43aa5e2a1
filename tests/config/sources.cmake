target_sources(userimg_unit_tests PRIVATE
  config/loader_test.cpp
)
userimg_unit_test(config)
