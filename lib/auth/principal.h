#pragma once
// Principal: who a verified token says the caller is.

#include <cstdint>
#include <optional>
#include <string>

namespace userimg::auth {

struct Principal {
  std::string userId;    // the token's "sub"
  std::string email;     // "email" claim, or ""
  std::string username;  // "username" or "preferred_username" claim, or ""
  // The token's time claims (seconds since the epoch), kept so that a
  // cached verification can be checked again at a later time.
  std::int64_t expiresAt = 0;                  // "exp"
  std::optional<std::int64_t> notBefore = {};  // "nbf", when present
};

}  // namespace userimg::auth
