#pragma once
// Principal: who a verified token says the caller is.

#include <string>

namespace userimg::auth {

struct Principal {
  std::string userId;    // the token's "sub"
  std::string email;     // "email" claim, or ""
  std::string username;  // "username" or "preferred_username" claim, or ""
};

}  // namespace userimg::auth
