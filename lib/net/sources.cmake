target_sources(userimg PRIVATE
  net/curl_http_client.cpp
  net/http_client.cpp
  net/retry_policy.cpp
)
