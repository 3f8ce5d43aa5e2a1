target_sources(userimg_unit_tests PRIVATE
  service/image_service_test.cpp
)
userimg_unit_test(service)
