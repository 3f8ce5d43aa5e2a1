target_sources(userimg_unit_tests PRIVATE
  service/concurrent_removers_test.cpp
  service/deletion_sweeper_test.cpp
  service/garbage_collector_test.cpp
  service/image_service_placeholder_test.cpp
  service/image_service_test.cpp
  service/published_images_order_test.cpp
  service/regenerator_test.cpp
  service/upload_rate_limit_test.cpp
  support/upload_sandbox.cpp
)
userimg_unit_test(service)
userimg_unit_test(deletion_sweeper)
userimg_unit_test(garbage_collector)
userimg_unit_test(regenerator)
