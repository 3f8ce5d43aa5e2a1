target_sources(userimg PRIVATE
  http/cgi_request.cpp
  http/error_mapping.cpp
  http/json_writer.cpp
  http/request.cpp
  http/response.cpp
  http/router.cpp
)
