#pragma once
// Response: status, headers and a fully built body. Bodies are small JSON
// documents; images are served by the web server, never through here.

#include <string>
#include <utility>
#include <vector>

namespace userimg::http {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // A JSON response (`body` from http::JsonWriter): sets Content-Type and
  // Cache-Control: no-store.
  static Response json(int status, std::string body);

  void setHeader(std::string name, std::string value);
};

// The standard reason phrase for `status` ("Not Found"); "Unknown" otherwise.
const char* reasonPhrase(int status);

}  // namespace userimg::http
