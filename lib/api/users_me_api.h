#pragma once
// Surface B: ../shared/specs/profile-image-endpoints.md, plus the same
// routes for the cover image.
//
//   GET    /users/me                 {id, email, username, profile_image_url, cover_image_url}
//   POST   /users/me/profile-image   field "file" -> {"image_url": ...}
//   DELETE /users/me/profile-image   {"message": "Profile image deleted successfully"}
//   POST   /users/me/cover-image     field "file" -> {"image_url": ...}
//   DELETE /users/me/cover-image     {"message": "Cover image deleted successfully"}
//
// Errors are {"detail": "..."} with the spec's fixed messages; a 401 carries
// WWW-Authenticate: Bearer.

#include "api/api_context.h"
#include "http/router.h"

namespace userimg::api {

// Adds surface B's routes. `context` is borrowed and must outlive `router`.
void addUsersMeRoutes(http::Router& router, ApiContext& context);

}  // namespace userimg::api
