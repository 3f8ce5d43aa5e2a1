#include "http/request.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace userimg::http {
namespace {

// `text` of a query string, '+' as a space and percent-escapes decoded, into
// `out`; throws Poco::SyntaxException on a malformed escape.
void decodeQueryPart(std::string_view text, std::string& out) {
  out.clear();
  if (text.find_first_of("%+") == std::string_view::npos) {
    out.assign(text);  // nothing to decode: most keys and values
    return;
  }
  std::string spaced(text);
  for (char& c : spaced) {
    if (c == '+') c = ' ';
  }
  // Poco turns '+' into a space only after a '?' in its input, so that is
  // done above; an encoded plus (%2B) is decoded here and survives.
  Poco::URI::decode(spaced, out);
}

}  // namespace

std::string Request::header(std::string_view name) const {
  auto it = headers.find(name);
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
      decodeQueryPart(pair.substr(0, eq), key);
      if (key == name && eq != std::string_view::npos) decodeQueryPart(pair.substr(eq + 1), value);
    } catch (const Poco::Exception&) {
      key.clear();  // malformed escape: treat as absent
    }
    if (key == name) return value;
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace userimg::http
