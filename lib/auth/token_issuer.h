#pragma once
// TokenIssuer: signs tokens the way JwtVerifier expects them (for
// `userimgctl token`, the test suites and benchmarks).

#include <cstdint>
#include <string>

#include "config/config.h"
#include "core/clock.h"

namespace userimg::auth {

struct TokenClaims {
  std::string userId;
  std::int64_t ttlSeconds = 3600;
  std::string email;       // omitted when empty
  std::string username;    // omitted when empty
  std::string scope = {};  // the "scope" claim ("userimg:lookup"); omitted when empty
};

class TokenIssuer {
 public:
  // Signs with config.secret and the first of config.algorithms; sets iss and
  // aud when configured. `clock` is borrowed.
  TokenIssuer(config::AuthConfig config, const core::Clock& clock);

  // A compact JWS: header.payload.signature, with iat and exp.
  std::string issue(const TokenClaims& claims) const;

 private:
  config::AuthConfig config_;
  const core::Clock& clock_;
};

}  // namespace userimg::auth
