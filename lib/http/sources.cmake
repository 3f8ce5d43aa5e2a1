target_sources(userimg PRIVATE
  http/error_mapping.cpp
  http/request.cpp
  http/response.cpp
  http/router.cpp
)
