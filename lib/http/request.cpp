#include "http/request.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace userimg::http {
namespace {

std::string plusAsSpace(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '+') c = ' ';
  }
  return out;
}

}  // namespace

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
      // Poco turns '+' into a space only after a '?' in its input, so do it
      // here; an encoded plus (%2B) is decoded afterwards and survives.
      Poco::URI::decode(plusAsSpace(pair.substr(0, eq)), key);
      if (eq != std::string_view::npos) Poco::URI::decode(plusAsSpace(pair.substr(eq + 1)), value);
    } catch (const Poco::Exception&) {
      key.clear();  // malformed escape: treat as absent
    }
    if (key == name) return value;
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace userimg::http
