#include "api/request_support.h"

#include "core/log.h"
#include "http/json_writer.h"
#include "observe/request_notes.h"

namespace userimg::api {

using core::Status;

core::Result<auth::Principal> authenticate(const ApiContext& context,
                                           const http::Request& request) {
  auto principal = context.verifier.authenticate(request.header("authorization"));
  if (principal) {
    observe::notes().userId = principal->userId;
  } else {
    observe::notes().outcome = "unauthenticated";
  }
  return principal;
}

http::Response notAuthenticated(const http::Request& request, const core::Status& status) {
  if (request.header("authorization").empty()) {
    return http::errorResponse(http::ErrorShape::kDetail, 401, "Not authenticated");
  }
  return http::errorResponse(http::ErrorShape::kDetail, status);
}

core::Result<multipart::ParsedForm> readUploadForm(const ApiContext& context,
                                                   const http::Request& request,
                                                   const std::set<std::string>& fileFields) {
  const std::int64_t limit = context.formLimits.maxBodyBytes;
  if (request.contentLength && *request.contentLength > limit) {
    observe::notes().outcome = "too_large";
    return Status::payloadTooLarge("Request body of " + std::to_string(*request.contentLength) +
                                   " bytes exceeds the limit of " + std::to_string(limit) +
                                   " bytes");
  }
  auto form = multipart::parseForm(*request.body, request.header("content-type"), fileFields,
                                   context.formLimits, context.uploadTempDir);
  if (!form && form.status().code() == core::StatusCode::kPayloadTooLarge) {
    observe::notes().outcome = "too_large";
  }
  return form;
}

core::Result<std::optional<image::CropRect>> cropField(const multipart::ParsedForm& form,
                                                       std::string_view name) {
  const std::string* value = form.field(name);
  if (value == nullptr || value->empty()) return std::optional<image::CropRect>();
  auto crop = image::parseCrop(*value);
  if (!crop) return Status::invalidArgument(std::string(name) + ": " + crop.status().message());
  return std::optional<image::CropRect>(crop.value());
}

http::Response deletedResponse(core::ImageKind kind) {
  http::JsonWriter json;
  json.beginObject()
      .field("message", kind == core::ImageKind::kProfile ? "Profile image deleted successfully"
                                                          : "Cover image deleted successfully")
      .endObject();
  return http::Response::json(200, std::move(json).take());
}

http::Response failure(http::ErrorShape shape, const core::Status& status,
                       const std::string& publicMessage) {
  const int code = http::httpStatusFor(status.code());
  if (code >= 500) {
    core::log::error(publicMessage + ": " + status.toString());
    if (code == 503) {
      http::Response response =
          http::errorResponse(shape, code, "Service temporarily unavailable, try again shortly");
      response.setHeader("Retry-After", "5");
      return response;
    }
    return http::errorResponse(shape, code, publicMessage);
  }
  return http::errorResponse(shape, status);
}

}  // namespace userimg::api
