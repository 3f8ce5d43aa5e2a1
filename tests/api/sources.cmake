target_sources(userimg_unit_tests PRIVATE
  api/user_images_api_test.cpp
  api/users_me_api_test.cpp
)
userimg_unit_test(api)
