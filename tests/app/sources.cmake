target_sources(userimg_unit_tests PRIVATE
  app/application_cors_test.cpp
  app/application_test.cpp
)
userimg_unit_test(app)
