#pragma once
// The claim checks of JwtVerifier, on a payload whose signature has already
// been verified.

#include <Poco/JSON/Object.h>

#include <cstdint>

#include "auth/principal.h"
#include "config/config.h"
#include "core/result.h"

namespace userimg::auth {

// Checks exp (required), nbf (when present) against `nowSeconds` with the
// configured leeway, iss and aud when configured, and sub; maps the claims to
// a Principal. kUnauthenticated with a short message on any failure. Does not
// throw.
core::Result<Principal> principalFromClaims(const Poco::JSON::Object& payload,
                                            const config::AuthConfig& config,
                                            std::int64_t nowSeconds);

}  // namespace userimg::auth
