#include "cors/origin.h"

#include <cctype>

namespace userimg::cors {
namespace {

bool isHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// "[::1]" (an IPv6 literal) or a lower-case name or IPv4 address.
bool isHost(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
      if (c >= 'A' && c <= 'F') return false;
    }
    return true;
  }
  if (host.front() == '.' || host.back() == '.') return false;
  for (char c : host) {
    if (!isHostChar(c)) return false;
  }
  return true;
}

bool isPort(std::string_view port) {
  if (port.empty() || port.size() > 5 || port.front() == '0') return false;
  long value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value <= 65535;
}

}  // namespace

std::string checkOrigin(std::string_view origin) {
  // Appended, not "'" + std::string(origin): GCC 12's -Wrestrict misreads
  // that operator+ at -O3 (a false positive that fails Release builds).
  std::string quoted;
  quoted.reserve(origin.size() + 2);
  quoted.append(1, '\'').append(origin).append(1, '\'');
  if (origin == "*") return "'*' is not allowed: list each origin";
  std::string_view rest;
  if (origin.substr(0, 7) == "http://") {
    rest = origin.substr(7);
  } else if (origin.substr(0, 8) == "https://") {
    rest = origin.substr(8);
  } else {
    return quoted + " is not an origin: it must start with http:// or https://";
  }
  std::string_view host = rest;
  const std::size_t close = rest.rfind(']');
  const std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (close == std::string_view::npos || colon > close)) {
    host = rest.substr(0, colon);
    if (!isPort(rest.substr(colon + 1))) return quoted + " has no valid port after ':'";
  }
  if (!isHost(host)) {
    return quoted +
           " is not an origin: scheme://host[:port] in lower case, without a path or a "
           "trailing '/', as browsers send it";
  }
  return "";
}

}  // namespace userimg::cors
