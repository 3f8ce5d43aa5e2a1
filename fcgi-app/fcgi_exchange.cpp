#include "fcgi_exchange.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <cctype>
#include <string>

namespace userimg::fcgi {
namespace {

const char* param(const FCGX_Request& request, const char* name) {
  const char* value = FCGX_GetParam(name, request.envp);
  return value == nullptr ? "" : value;
}

// "HTTP_X_FORWARDED_FOR" -> "x-forwarded-for"
std::string headerName(std::string_view cgiName) {
  std::string name;
  name.reserve(cgiName.size());
  for (char c : cgiName) {
    name += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;
}

}  // namespace

bool readRequest(const FCGX_Request& request, http::Request& out) {
  out.method = param(request, "REQUEST_METHOD");
  std::string uri = param(request, "REQUEST_URI");
  if (uri.empty()) uri = std::string(param(request, "SCRIPT_NAME")) + param(request, "PATH_INFO");
  if (out.method.empty() || uri.empty()) return false;

  const std::size_t question = uri.find('?');
  out.query = question == std::string::npos ? std::string(param(request, "QUERY_STRING"))
                                            : uri.substr(question + 1);
  try {
    out.path.clear();
    Poco::URI::decode(uri.substr(0, question), out.path);
  } catch (const Poco::Exception&) {
    return false;
  }

  for (char** env = request.envp; env != nullptr && *env != nullptr; ++env) {
    const std::string_view entry(*env);
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = entry.substr(0, eq);
    if (name.substr(0, 5) == "HTTP_") {
      out.headers[headerName(name.substr(5))] = std::string(entry.substr(eq + 1));
    }
  }
  const std::string contentType = param(request, "CONTENT_TYPE");
  if (!contentType.empty()) out.headers["content-type"] = contentType;
  Poco::Int64 length = 0;
  const std::string contentLength = param(request, "CONTENT_LENGTH");
  if (!contentLength.empty() && Poco::NumberParser::tryParse64(contentLength, length) &&
      length >= 0) {
    out.contentLength = length;
  }
  return true;
}

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
