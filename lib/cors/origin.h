#pragma once
// What an origin of [http] cors_origins may be: the exact text a browser
// sends in its Origin header, "scheme://host[:port]" with scheme http or
// https, in lower case, without a path, a query or a trailing '/'.
// Pure functions; thread-safe.

#include <string>
#include <string_view>

namespace userimg::cors {

// "" when `origin` is a valid origin; otherwise why it is not (a message
// that quotes the origin, which is never a secret).
std::string checkOrigin(std::string_view origin);

}  // namespace userimg::cors
