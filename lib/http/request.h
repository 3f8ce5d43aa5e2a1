#pragma once
// Request: one HTTP request as the application sees it, independent of how it
// arrived (FastCGI in production, a plain struct in tests).
//
// The body is a borrowed stream: the caller that built the Request owns it
// and keeps it alive until the response is written. Handlers read it at most
// once and never past the limits of lib/multipart.

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace userimg::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path, without the query string: "/users/me"
  std::string query;   // raw query string without '?': "type=profile_image"
  // Header names lower-cased: "authorization", "content-type". Found by
  // string_view without a copy of the name (std::less<>).
  std::map<std::string, std::string, std::less<>> headers;
  // CONTENT_LENGTH when the server sent one.
  std::optional<std::int64_t> contentLength;
  // The web server's id for the request (REQUEST_ID from the shipped nginx
  // conf, UNIQUE_ID from Apache's mod_unique_id), unchecked; "" when none.
  // observe/request_id.h decides which id the request gets.
  std::string frontEndRequestId;
  // The request body; never null (an empty stream when there is no body).
  std::istream* body = nullptr;

  // The header's value, or "" when absent. `name` is lower-case.
  std::string header(std::string_view name) const;
  // The first value of query parameter `name`, percent-decoded; nullopt when absent.
  std::optional<std::string> queryParam(std::string_view name) const;
};

}  // namespace userimg::http
