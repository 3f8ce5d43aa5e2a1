#include "fcgi_exchange.h"

#include <string>

namespace userimg::fcgi {

void writeResponse(FCGX_Request& request, const http::Response& response, bool head) {
  std::string text;
  text.reserve(256);
  text += "Status: " + std::to_string(response.status) + " " + http::reasonPhrase(response.status) +
          "\r\n";
  for (const auto& [name, value] : response.headers) text += name + ": " + value + "\r\n";
  text += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
  FCGX_PutStr(text.data(), static_cast<int>(text.size()), request.out);
  if (!head && !response.body.empty()) {
    FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), request.out);
  }
}

}  // namespace userimg::fcgi
