#pragma once
// GET /api/resume/user-images/limits (not in the spec; the spec's routes are
// untouched): what an upload may be, so that a browser page (the shipped
// upload page, share/uploader/) checks a file before it sends it.
// Authenticated like every route of the surface; {"error": ...} on failure.
//
//   200 {"max_bytes": 10485760,
//        "types": ["image/jpeg", "image/png", "image/gif", "image/webp", ...],
//        "max_width": 20000, "max_height": 20000, "max_megapixels": 50}
//
// max_bytes is [upload] max_bytes: the whole request body, so a file a few
// hundred bytes smaller is the real limit (the multipart framing).

#include "api/api_context.h"
#include "config/images_config.h"
#include "http/router.h"

namespace userimg::api {

// Path of the route.
inline constexpr const char* kUploadLimitsPath = "/api/resume/user-images/limits";

// Registers the route; `context` is borrowed (it outlives the router), the
// limits are copied.
void addUploadLimitsRoute(http::Router& router, const ApiContext& context,
                          const config::ImagesConfig& images);

}  // namespace userimg::api
