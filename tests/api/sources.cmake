target_sources(userimg_unit_tests PRIVATE
  api/image_json_test.cpp
  api/placeholder_api_test.cpp
  api/upload_rate_limit_api_test.cpp
  api/user_images_api_test.cpp
  api/users_me_api_test.cpp
)
userimg_unit_test(api)
