target_sources(userimg_unit_tests PRIVATE
  health/checks_test.cpp
  health/health_routes_test.cpp
  health/readiness_test.cpp
)
userimg_unit_test(health)
