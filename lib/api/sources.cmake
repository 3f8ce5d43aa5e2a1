target_sources(userimg PRIVATE
  api/image_json.cpp
  api/request_support.cpp
  api/upload_limits_api.cpp
  api/user_images_api.cpp
  api/users_me_api.cpp
)
