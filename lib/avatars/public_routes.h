#pragma once
// The routes of the public images (issue 14), added to the app's router by
// addPublicImageRoutes():
//
//   GET /avatars/<key>[?s=N][&d=404]  the user's profile image, no token
//   GET /covers/<key>[?w=N]           the user's cover image, no token
//   POST /users/me/public-key         a new key for the caller (token)
//
// A public answer is a 302 to the current versioned image URL (the media
// URL on local storage, the delivery URL with the size's transformation
// on Cloudinary), so a client reaches the bytes in one redirect; with no
// image: a 302 to the default profile image for avatars (a JSON 404 with
// d=404) and a JSON 404 for covers. An unknown or rotated key answers
// exactly like a user without an image. Every public answer but a 400 and
// a 5xx carries Cache-Control: public, max-age=[public] max_age and an ETag
// that names the target, so a revalidation after a replace or a delete
// gets the new state (If-None-Match with the current ETag: 304). Errors
// are in surface B's shape ({"detail": ...}).
//
// With static links (avatars/static_links.h, local storage) the web server
// answers most of these itself; what reaches the app is a request it found
// no link for, so a GET for a user with an image makes the links when they
// are not in step (StaticLinks::syncIfStale), and a key rotation goes
// through the links' lock.
//
// Handlers borrow `api` and `images`, which must outlive the router.

#include <string>

#include "api/api_context.h"
#include "avatars/public_images.h"
#include "avatars/static_links.h"
#include "http/router.h"

namespace userimg::avatars {

struct PublicRoutesOptions {
  int maxAge = 300;               // [public] max_age
  std::string mountPrefix;        // [server] mount_prefix ("" or "/~alice")
  std::string defaultProfileUrl;  // [storage] default_profile_url
  StaticLinks* links = nullptr;   // borrowed; null without the fast path
};

void addPublicImageRoutes(http::Router& router, api::ApiContext& api, PublicImages& images,
                          const PublicRoutesOptions& options);

}  // namespace userimg::avatars
