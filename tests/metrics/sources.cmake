target_sources(userimg_unit_tests PRIVATE
  metrics/exposition.cpp
  metrics/metrics_test.cpp
  metrics/process_collector_test.cpp
)
userimg_unit_test(metrics)
