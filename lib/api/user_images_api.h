#pragma once
// Surface A: ../shared/specs/user-images-api.md
//
//   GET    /api/resume/user-images/                   {"images": {...}}
//   POST   /api/resume/user-images/                   profile_image and/or cover_image
//   DELETE /api/resume/user-images/?type=profile_image|cover_image
//
// Errors are {"error": "..."}; a user without a profile image is shown the
// configured default image.

#include "api/api_context.h"
#include "http/router.h"

namespace userimg::api {

inline constexpr const char* kUserImagesPath = "/api/resume/user-images/";

// Adds surface A's routes. `context` is borrowed and must outlive `router`.
void addUserImagesRoutes(http::Router& router, ApiContext& context);

}  // namespace userimg::api
