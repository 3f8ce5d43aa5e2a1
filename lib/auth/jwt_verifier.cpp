// JwtVerifier. Poco::JWT::Signer is not used to verify: in Poco 1.11 it
// compares HMACs with operator== on the digests (not constant time) and its
// base64url decoder accepts several spellings of one signature. We split the
// token, read the algorithm from the header, and recompute and compare the
// HMAC ourselves (with keys set up once, auth/hmac.h) before anything else is
// parsed; then Poco's JSON parser reads the authenticated payload once
// (Poco::JWT::Token would decode and parse header and payload again).

#include "auth/jwt_verifier.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <array>
#include <exception>
#include <optional>

#include "auth/base64url.h"
#include "auth/claims.h"
#include "auth/hmac.h"

namespace userimg::auth {
namespace {

using core::Status;

// Longer tokens are refused before any parsing or HMAC work.
constexpr std::size_t kMaxTokenLength = 8 * 1024;

Status invalidToken() {
  return Status::unauthenticated("Invalid token");
}

// The three dot-separated segments of a compact JWS, each non-empty and
// canonical base64url; nullopt otherwise.
std::optional<std::array<std::string_view, 3>> splitCompact(std::string_view token) {
  std::array<std::string_view, 3> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::size_t dot = token.find('.', start);
    const bool last = (i == 2);
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    parts[i] = token.substr(start, last ? std::string_view::npos : dot - start);
    if (parts[i].empty()) return std::nullopt;
    start = dot + 1;
  }
  return parts;
}

// The "alg" of a decoded JOSE header; "" when absent or not a string.
// Throws Poco::Exception on malformed JSON.
std::string algorithmOf(const std::string& header) {
  Poco::JSON::Parser parser;
  const auto object = parser.parse(header).extract<Poco::JSON::Object::Ptr>();
  if (!object || !object->has("alg") || !object->get("alg").isString()) return "";
  return object->getValue<std::string>("alg");
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

JwtVerifier::JwtVerifier(config::AuthConfig config, const core::Clock& clock)
    : config_(std::move(config)), clock_(clock) {
  if (config_.tokenCacheEntries > 0) {
    cache_ = std::make_unique<TokenCache>(static_cast<std::size_t>(config_.tokenCacheEntries));
  }
  if (config_.secret.empty()) return;  // every token fails its signature check
  for (const std::string& algorithm : config_.algorithms) {
    if (std::unique_ptr<HmacKey> key = HmacKey::create(algorithm, config_.secret)) {
      keys_.emplace(algorithm, std::move(key));
    }
  }
}

JwtVerifier::~JwtVerifier() = default;

core::Result<Principal> JwtVerifier::authenticate(std::string_view authorizationHeader) const {
  if (authorizationHeader.empty()) {
    return Status::unauthenticated("Authentication credentials were not provided");
  }
  constexpr std::string_view kScheme = "Bearer";
  const bool bearer = authorizationHeader.size() > kScheme.size() + 1 &&
                      equalsIgnoreCase(authorizationHeader.substr(0, kScheme.size()), kScheme) &&
                      authorizationHeader[kScheme.size()] == ' ' &&
                      authorizationHeader[kScheme.size() + 1] != ' ';
  if (!bearer) return Status::unauthenticated("Authorization header must be 'Bearer <token>'");
  return verify(authorizationHeader.substr(kScheme.size() + 1));
}

core::Result<Principal> JwtVerifier::verify(std::string_view token) const {
  try {
    if (token.size() > kMaxTokenLength) return Status::unauthenticated("Token is too long");
    const std::int64_t now = clock_.nowSeconds();
    const std::int64_t leeway = config_.leewaySeconds < 0 ? 0 : config_.leewaySeconds;
    if (cache_) {
      if (std::optional<Principal> known = cache_->find(token, now, leeway)) return *known;
    }
    const auto parts = splitCompact(token);
    if (!parts) return invalidToken();
    const std::optional<std::string> header = base64UrlDecode((*parts)[0]);
    const std::optional<std::string> payload = base64UrlDecode((*parts)[1]);
    const std::optional<std::string> signature = base64UrlDecode((*parts)[2]);
    if (!header || !payload || !signature) return invalidToken();

    // Only the (small) header is read before the signature is checked: the
    // payload of a forged token is never parsed.
    const std::string algorithm = algorithmOf(*header);
    // "none" and every non-HMAC name fail here, whatever the configuration says.
    if (!isHmacAlgorithm(algorithm) || config_.algorithms.count(algorithm) == 0) {
      return Status::unauthenticated("Token algorithm is not accepted");
    }
    const auto key = keys_.find(algorithm);
    if (key == keys_.end()) return Status::unauthenticated("Invalid token signature");

    const std::string_view signingInput = token.substr(0, (*parts)[2].data() - token.data() - 1);
    const std::optional<std::string> expected = key->second->sign(signingInput);
    if (!expected || !constantTimeEquals(*expected, *signature)) {
      return Status::unauthenticated("Invalid token signature");
    }
    // Throws on malformed JSON, and extract() on anything but an object.
    Poco::JSON::Parser parser;
    const auto claims = parser.parse(*payload).extract<Poco::JSON::Object::Ptr>();
    if (!claims) return invalidToken();
    core::Result<Principal> principal = principalFromClaims(*claims, config_, now);
    if (principal && cache_) cache_->insert(token, principal.value());
    return principal;
  } catch (const Poco::Exception&) {
    return invalidToken();
  } catch (const std::exception&) {
    return invalidToken();
  }
}

}  // namespace userimg::auth
