#pragma once
// Principal: who a verified token says the caller is.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace userimg::auth {

struct Principal {
  std::string userId;    // the token's "sub"
  std::string email;     // "email" claim, or ""
  std::string username;  // "username" or "preferred_username" claim, or ""
  // The token's time claims (seconds since the epoch), kept so that a
  // cached verification can be checked again at a later time.
  std::int64_t expiresAt = 0;                  // "exp"
  std::optional<std::int64_t> notBefore = {};  // "nbf", when present
  // The "scope" claim (space-separated scopes, as in OAuth), or "".
  std::string scope = {};
};

// True when `principal`'s scope lists `wanted` as one whole item.
inline bool hasScope(const Principal& principal, std::string_view wanted) {
  std::string_view rest = principal.scope;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    if (rest.substr(0, space) == wanted) return true;
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return false;
}

}  // namespace userimg::auth
