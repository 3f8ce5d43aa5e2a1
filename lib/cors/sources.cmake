target_sources(userimg PRIVATE
  cors/cors_policy.cpp
  cors/origin.cpp
  cors/web_server_conf.cpp
)
