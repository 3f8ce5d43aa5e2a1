#pragma once
// POST /api/users/images/lookup: the batch lookup for the site's backend
// (issue 14), never for a browser.
//
//   POST /api/users/images/lookup
//   Authorization: Bearer <token whose "scope" lists userimg:lookup>
//   {"ids": ["17", "42"]}
//   -> 200 {"users": {"17": {...}, "42": null}}
//
// Each known user: "profile_image_url", "cover_image_url" (null without an
// image), "profile_image" and "cover_image" (api::writeImage(): variants,
// siblings, placeholder; or null), "public_avatar_url" and
// "public_cover_url" (null when [public] is off). An unknown id (or one
// no user could have: empty, too long) is null. Nothing is provisioned.
//
// Tokens: verified with [lookup] secret when set, else like user tokens. No
// token: 401; a valid token without the scope (a user's): 403; more than
// kMaxLookupIds ids, a body that is not {"ids": [strings]}, or a body over
// kMaxLookupBodyBytes: 400/413. Errors in surface A's shape ({"error"}).
//
// The handler borrows everything it is given; thread-safe like the
// repository and verifiers it uses.

#include <cstddef>
#include <optional>
#include <string>

#include "api/api_context.h"
#include "auth/jwt_verifier.h"
#include "db/user_repository.h"
#include "http/router.h"

namespace userimg::avatars {

inline constexpr const char* kLookupScope = "userimg:lookup";
inline constexpr const char* kLookupPath = "/api/users/images/lookup";
inline constexpr std::size_t kMaxLookupIds = 100;
inline constexpr std::size_t kMaxLookupBodyBytes = 64 * 1024;

struct LookupOptions {
  // The verifier of [lookup] secret, or null: lookup tokens are user-style.
  const auth::JwtVerifier* lookupVerifier = nullptr;
  // Where public URLs are mounted; nullopt when [public] is off.
  std::optional<std::string> publicMountPrefix;
};

// `api` (its verifier checks user-style tokens), `users` and the options'
// verifier are borrowed and must outlive the router.
void addLookupRoute(http::Router& router, const api::ApiContext& api, db::UserRepository& users,
                    LookupOptions options);

}  // namespace userimg::avatars
