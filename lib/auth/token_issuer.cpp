#include "auth/token_issuer.h"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include "auth/hmac.h"

namespace userimg::auth {
namespace {

// HS256 when configured, else the first HMAC algorithm in the (ordered) set.
// A configuration without any falls back to HS256, which JwtVerifier with
// the same configuration will then refuse.
std::string signingAlgorithm(const std::set<std::string>& algorithms) {
  if (algorithms.count("HS256") != 0) return "HS256";
  for (const std::string& a : algorithms) {
    if (isHmacAlgorithm(a)) return a;
  }
  return "HS256";
}

}  // namespace

TokenIssuer::TokenIssuer(config::AuthConfig config, const core::Clock& clock)
    : config_(std::move(config)), clock_(clock) {}

std::string TokenIssuer::issue(const TokenClaims& claims) const {
  const Poco::Int64 now = clock_.nowSeconds();
  Poco::JWT::Token token;
  token.setType("JWT");
  token.setSubject(claims.userId);
  // Whole seconds as JSON integers: Token::setIssuedAt() would store a
  // Timestamp's fractional seconds.
  token.payload().set(Poco::JWT::Token::CLAIM_ISSUED_AT, now);
  token.payload().set(Poco::JWT::Token::CLAIM_EXPIRATION, now + claims.ttlSeconds);
  if (!config_.issuer.empty()) token.setIssuer(config_.issuer);
  if (!config_.audience.empty()) token.setAudience(config_.audience);
  if (!claims.email.empty()) token.payload().set("email", claims.email);
  if (!claims.username.empty()) token.payload().set("username", claims.username);
  if (!claims.scope.empty()) token.payload().set("scope", claims.scope);

  Poco::JWT::Signer signer(config_.secret);
  return signer.sign(token, signingAlgorithm(config_.algorithms));
}

}  // namespace userimg::auth
