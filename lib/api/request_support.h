#pragma once
// Steps every handler shares: authenticate the caller, read an upload form.
// Each returns a Status the handler turns into its surface's error.

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "api/api_context.h"
#include "auth/principal.h"
#include "core/image_kind.h"
#include "core/result.h"
#include "http/error_mapping.h"
#include "http/request.h"
#include "image/crop.h"
#include "multipart/form_parser.h"

namespace userimg::api {

// The Principal named by the request's bearer token (kUnauthenticated otherwise).
core::Result<auth::Principal> authenticate(const ApiContext& context, const http::Request& request);

// Surface B's answer to a failed authenticate(): exactly "Not authenticated"
// (what FastAPI-style clients expect) when no token was sent, else the
// status's own message.
http::Response notAuthenticated(const http::Request& request, const core::Status& status);

// Parses a multipart upload, spooling `fileFields` to temp files. A declared
// Content-Length over the limit is refused (kPayloadTooLarge) before a byte
// is read.
core::Result<multipart::ParsedForm> readUploadForm(const ApiContext& context,
                                                   const http::Request& request,
                                                   const std::set<std::string>& fileFields);

// The crop sent in the form's plain field `name` ("x,y,width,height",
// image/crop.h), or nullopt when the field is absent or empty;
// kInvalidArgument naming the field when it is malformed.
core::Result<std::optional<image::CropRect>> cropField(const multipart::ParsedForm& form,
                                                       std::string_view name);

// 200 {"message": "Profile image deleted successfully"} (or "Cover ..."),
// the same on both surfaces.
http::Response deletedResponse(core::ImageKind kind);

// The error response for `status`. Server-side failures (5xx) show
// `publicMessage` instead of their internal detail, which is logged.
http::Response failure(http::ErrorShape shape, const core::Status& status,
                       const std::string& publicMessage);

}  // namespace userimg::api
