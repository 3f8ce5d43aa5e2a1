#include "api/users_me_api.h"

#include "api/image_json.h"
#include "api/request_support.h"

namespace userimg::api {
namespace {

using core::ImageKind;
using core::StatusCode;
using http::ErrorShape;
using http::Request;
using http::Response;

constexpr ErrorShape kShape = ErrorShape::kDetail;
constexpr const char* kFileField = "file";

Poco::Dynamic::Var orNull(const std::string& value) {
  return value.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value);
}

// FastAPI-style clients expect exactly "Not authenticated" for a missing token.
Response unauthenticated(const Request& request, const core::Status& status) {
  if (request.header("authorization").empty()) {
    return http::errorResponse(kShape, 401, "Not authenticated");
  }
  return http::errorResponse(kShape, status);
}

Response getMe(ApiContext& context, const Request& request) {
  auto principal = authenticate(context, request);
  if (!principal) return unauthenticated(request, principal.status());
  auto user = context.images.currentUser(principal.value());
  if (!user) return failure(kShape, user.status(), "Error loading user");

  Poco::JSON::Object body;
  body.set("id", user->id);
  body.set("email", orNull(user->email));
  body.set("username", orNull(user->username));
  body.set("profile_image_url", user->profile ? orNull(user->profile->url) : orNull(""));
  body.set("cover_image_url", user->cover ? orNull(user->cover->url) : orNull(""));
  // Not in the spec: what was recorded of each image, and its variants.
  body.set("profile_image",
           user->profile ? Poco::Dynamic::Var(imageJson(*user->profile)) : Poco::Dynamic::Var());
  body.set("cover_image",
           user->cover ? Poco::Dynamic::Var(imageJson(*user->cover)) : Poco::Dynamic::Var());
  return Response::json(200, body);
}

Response postImage(ApiContext& context, ImageKind kind, const Request& request) {
  auto principal = authenticate(context, request);
  if (!principal) return unauthenticated(request, principal.status());
  auto form = readUploadForm(context, request, {kFileField});
  if (!form) return failure(kShape, form.status(), "Error uploading image");
  const auto* file = form->file(kFileField);
  if (file == nullptr) {
    return http::errorResponse(kShape, 400, "No file provided: send the image in field 'file'");
  }

  const service::Upload upload{kind, file->path};
  auto records = context.images.replaceImages(principal.value(), {&upload, 1});
  if (!records) {
    if (records.status().code() == StatusCode::kInvalidImage) {
      // The spec fixes the message; the precise reason goes alongside it.
      Poco::JSON::Object body;
      body.set("detail", "Invalid file format");
      body.set("reason", records.status().message());
      return Response::json(400, body);
    }
    return failure(kShape, records.status(), "Error uploading image");
  }
  Poco::JSON::Object body;
  body.set("image_url", records.value().front().url);
  body.set("variants", variantsJson(records.value().front()));
  return Response::json(200, body);
}

Response deleteImage(ApiContext& context, ImageKind kind, const Request& request) {
  auto principal = authenticate(context, request);
  if (!principal) return unauthenticated(request, principal.status());
  core::Status deleted = context.images.deleteImage(principal.value(), kind);
  if (!deleted.isOk()) {
    return failure(kShape, deleted, "Error deleting image from Cloudinary");
  }
  Poco::JSON::Object body;
  body.set("message", kind == ImageKind::kProfile ? "Profile image deleted successfully"
                                                  : "Cover image deleted successfully");
  return Response::json(200, body);
}

void addImageRoutes(http::Router& router, ApiContext& context, const std::string& path,
                    ImageKind kind) {
  router.add("POST", path,
             [&context, kind](const Request& r) { return postImage(context, kind, r); });
  router.add("DELETE", path,
             [&context, kind](const Request& r) { return deleteImage(context, kind, r); });
}

}  // namespace

void addUsersMeRoutes(http::Router& router, ApiContext& context) {
  router.setErrorShape("/users/", kShape);
  router.add("GET", "/users/me", [&context](const Request& r) { return getMe(context, r); });
  addImageRoutes(router, context, "/users/me/profile-image", ImageKind::kProfile);
  addImageRoutes(router, context, "/users/me/cover-image", ImageKind::kCover);
}

}  // namespace userimg::api
