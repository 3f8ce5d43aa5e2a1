target_sources(userimg_unit_tests PRIVATE
  avatars/answer_cache_test.cpp
  avatars/lookup_route_test.cpp
  avatars/public_conf_test.cpp
  avatars/public_key_test.cpp
  avatars/public_routes_test.cpp
  avatars/size_choice_test.cpp
  avatars/static_links_test.cpp
)
userimg_unit_test(avatars)
# The shipped conf/nginx/userimg-public-map.conf, compared with the defaults' maps.
target_compile_definitions(userimg_unit_tests PRIVATE USERIMG_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
