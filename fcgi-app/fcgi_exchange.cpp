#include "fcgi_exchange.h"

#include <string>

namespace userimg::fcgi {

void writeResponse(FCGX_Request& request, const http::Response& response, bool head) {
  // Appended piece by piece: no temporary strings.
  std::string text;
  text.reserve(256);
  text.append("Status: ").append(std::to_string(response.status)).append(" ");
  text.append(http::reasonPhrase(response.status)).append("\r\n");
  for (const auto& [name, value] : response.headers) {
    text.append(name).append(": ").append(value).append("\r\n");
  }
  text.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n\r\n");
  FCGX_PutStr(text.data(), static_cast<int>(text.size()), request.out);
  if (!head && !response.body.empty()) {
    FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), request.out);
  }
}

}  // namespace userimg::fcgi
