#pragma once
// JwtVerifier: turns an Authorization header into a Principal.
//
// Accepts only "Bearer <JWT>" with an algorithm from AuthConfig::algorithms
// (HMAC family; "none" and anything else are refused before any signature
// work). The HMAC is recomputed with OpenSSL and compared with CRYPTO_memcmp
// (constant time); then Poco's JSON parser reads the payload's claims.
// Claims: exp is required; exp and nbf are checked with the configured
// leeway; iss and aud are checked when configured; sub must be a non-empty
// string of at most 191 characters.
//
// Every failure is kUnauthenticated with a short, precise message ("Token
// has expired", "Invalid token signature", ...) that never echoes the token.
// No input makes it throw. Thread-safe after construction.
//
// A token that passed every check is remembered (auth/token_cache.h,
// [jwt] token_cache entries): the same token again is only checked for exp
// and nbf. Failures are never remembered.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "auth/hmac.h"
#include "auth/principal.h"
#include "auth/token_cache.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"

namespace userimg::auth {

class JwtVerifier {
 public:
  // `clock` is borrowed and must outlive the verifier.
  JwtVerifier(config::AuthConfig config, const core::Clock& clock);
  ~JwtVerifier();
  JwtVerifier(JwtVerifier&&) = default;

  // Verifies the value of an Authorization header.
  core::Result<Principal> authenticate(std::string_view authorizationHeader) const;

  // Verifies a bare token.
  core::Result<Principal> verify(std::string_view token) const;

 private:
  config::AuthConfig config_;
  const core::Clock& clock_;
  // The secret keyed for each accepted algorithm (none when it is empty).
  std::map<std::string, std::unique_ptr<HmacKey>, std::less<>> keys_;
  // Tokens that passed every check ([jwt] token_cache; null when 0).
  std::unique_ptr<TokenCache> cache_;
};

}  // namespace userimg::auth
