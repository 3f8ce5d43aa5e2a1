#include "auth/claims.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>

#include <cmath>
#include <optional>
#include <string>

namespace userimg::auth {
namespace {

using core::Status;

// Database user ids are VARCHAR(191): the longest utf8mb4 key MySQL indexes.
constexpr std::size_t kMaxSubjectLength = 191;

// A NumericDate claim (RFC 7519 section 2) as whole seconds.
struct NumericDate {
  bool present = false;
  bool valid = false;
  std::int64_t seconds = 0;
};

NumericDate numericDate(const Poco::JSON::Object& payload, const std::string& name) {
  NumericDate out;
  if (!payload.has(name)) return out;
  out.present = true;
  const Poco::Dynamic::Var v = payload.get(name);
  // Poco counts booleans as integers; JSON does not.
  if (v.isEmpty() || v.isBoolean() || !v.isNumeric()) return out;
  try {
    if (v.isInteger()) {
      out.seconds = v.convert<Poco::Int64>();
    } else {
      const double d = v.convert<double>();
      // Outside this range the value is no real date and would overflow.
      if (!std::isfinite(d) || d < -9.0e18 || d > 9.0e18) return out;
      out.seconds = static_cast<std::int64_t>(std::floor(d));
    }
  } catch (const Poco::Exception&) {
    return out;  // an unsigned value too large for Int64
  }
  out.valid = true;
  return out;
}

std::optional<std::string> stringClaim(const Poco::JSON::Object& payload, const std::string& name) {
  if (!payload.has(name)) return std::nullopt;
  const Poco::Dynamic::Var v = payload.get(name);
  if (!v.isString()) return std::nullopt;
  return v.extract<std::string>();
}

bool audienceContains(const Poco::JSON::Object& payload, const std::string& audience) {
  if (payload.isArray("aud")) {
    const Poco::JSON::Array::Ptr list = payload.getArray("aud");
    if (list.isNull()) return false;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Poco::Dynamic::Var entry = list->get(static_cast<unsigned>(i));
      if (entry.isString() && entry.extract<std::string>() == audience) return true;
    }
    return false;
  }
  const std::optional<std::string> single = stringClaim(payload, "aud");
  return single && *single == audience;
}

bool isValidSubject(const std::string& sub) {
  if (sub.empty() || sub.size() > kMaxSubjectLength) return false;
  // MariaDB compares ids ignoring trailing spaces (utf8mb4_bin is PAD
  // SPACE): "17 " would be user 17. Leading ones refused alike.
  if (sub.front() == ' ' || sub.back() == ' ') return false;
  for (char c : sub) {
    if (c < 0x20 || c > 0x7E) return false;  // control characters and non-ASCII
  }
  return true;
}

core::Result<Principal> check(const Poco::JSON::Object& payload, const config::AuthConfig& config,
                              std::int64_t now) {
  const std::int64_t leeway = config.leewaySeconds < 0 ? 0 : config.leewaySeconds;

  const NumericDate exp = numericDate(payload, "exp");
  if (!exp.present) return Status::unauthenticated("Token has no expiration time");
  if (!exp.valid) return Status::unauthenticated("Token has an invalid expiration time");
  // Written as now - leeway so that exp near INT64_MAX cannot overflow.
  if (now - leeway >= exp.seconds) return Status::unauthenticated("Token has expired");

  const NumericDate nbf = numericDate(payload, "nbf");
  if (nbf.present && !nbf.valid) return Status::unauthenticated("Token has an invalid nbf claim");
  if (nbf.present && now + leeway < nbf.seconds) {
    return Status::unauthenticated("Token is not yet valid");
  }

  if (!config.issuer.empty() && stringClaim(payload, "iss") != config.issuer) {
    return Status::unauthenticated("Token issuer is not accepted");
  }
  if (!config.audience.empty() && !audienceContains(payload, config.audience)) {
    return Status::unauthenticated("Token audience is not accepted");
  }

  const std::optional<std::string> sub = stringClaim(payload, "sub");
  if (!sub || !isValidSubject(*sub)) {
    return Status::unauthenticated("Token has no valid subject");
  }

  Principal principal;
  principal.userId = *sub;
  principal.expiresAt = exp.seconds;
  if (nbf.present) principal.notBefore = nbf.seconds;
  principal.email = stringClaim(payload, "email").value_or("");
  std::optional<std::string> username = stringClaim(payload, "username");
  if (!username) username = stringClaim(payload, "preferred_username");
  principal.username = username.value_or("");
  principal.scope = stringClaim(payload, "scope").value_or("");
  return principal;
}

}  // namespace

core::Result<Principal> principalFromClaims(const Poco::JSON::Object& payload,
                                            const config::AuthConfig& config,
                                            std::int64_t nowSeconds) {
  try {
    return check(payload, config, nowSeconds);
  } catch (const Poco::Exception&) {
    return Status::unauthenticated("Invalid token");
  } catch (const std::exception&) {
    return Status::unauthenticated("Invalid token");
  }
}

}  // namespace userimg::auth
