target_sources(userimg PRIVATE
  avatars/answer_cache.cpp
  avatars/lookup_route.cpp
  avatars/public_images.cpp
  avatars/public_key.cpp
  avatars/public_conf.cpp
  avatars/public_module.cpp
  avatars/public_routes.cpp
  avatars/size_choice.cpp
  avatars/static_links.cpp
)
