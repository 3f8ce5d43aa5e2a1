target_sources(userimg_unit_tests PRIVATE
  cors/cors_policy_test.cpp
)
userimg_unit_test(cors)
