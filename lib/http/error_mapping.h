#pragma once
// The one place where a Status becomes an HTTP status and an error body.
//
// The two API surfaces shape errors differently:
//   ErrorShape::kError  -> {"error": "..."}   (/api/resume/...)
//   ErrorShape::kDetail -> {"detail": "..."}  (/users/...)
// A 401 in the kDetail shape also carries WWW-Authenticate: Bearer, as does
// every 401. A status with retryAfterSeconds() (kRateLimited: 429) carries
// it as Retry-After.

#include "core/status.h"
#include "http/response.h"

namespace userimg::http {

enum class ErrorShape { kError, kDetail };

// 400, 401, 404, 413, 429, 500 or 503 for a non-OK code.
int httpStatusFor(core::StatusCode code);

// The error response for `status` in `shape`, with status.message() as text.
Response errorResponse(ErrorShape shape, const core::Status& status);

// Same, with an explicit HTTP status (404/405 from the router).
Response errorResponse(ErrorShape shape, int httpStatus, const std::string& message);

}  // namespace userimg::http
