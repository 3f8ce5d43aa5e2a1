#include "http/request.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace userimg::http {

std::string Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::queryParam(std::string_view name) const {
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string_view pair(query.data() + start, end - start);
    const std::size_t eq = pair.find('=');
    std::string key, value;
    try {
      Poco::URI::decode(std::string(pair.substr(0, eq)), key, true);
      if (eq != std::string_view::npos) {
        Poco::URI::decode(std::string(pair.substr(eq + 1)), value, true);
      }
    } catch (const Poco::Exception&) {
      key.clear();  // malformed escape: treat as absent
    }
    if (key == name) return value;
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace userimg::http
