#include "api/users_me_api.h"

#include "api/image_json.h"
#include "api/request_support.h"
#include "avatars/public_images.h"

namespace userimg::api {
namespace {

using core::ImageKind;
using core::StatusCode;
using http::ErrorShape;
using http::Request;
using http::Response;

constexpr ErrorShape kShape = ErrorShape::kDetail;
constexpr const char* kFileField = "file";

// A string, or null when empty.
void writeOrNull(http::JsonWriter& json, const std::string& value) {
  if (value.empty()) {
    json.value(nullptr);
  } else {
    json.value(value);
  }
}

// An image of writeImage(), or null.
void writeImageOrNull(http::JsonWriter& json, const std::optional<db::ImageRecord>& image) {
  if (image) {
    writeImage(json, *image);
  } else {
    json.value(nullptr);
  }
}

Response unauthenticated(const Request& request, const core::Status& status) {
  return notAuthenticated(request, status);
}

Response getMe(ApiContext& context, const Request& request) {
  auto principal = authenticate(context, request);
  if (!principal) return unauthenticated(request, principal.status());
  auto user = context.images.currentUser(principal.value());
  if (!user) return failure(kShape, user.status(), "Error loading user");

  http::JsonWriter json;
  json.beginObject().field("id", user->id);
  writeOrNull(json.key("email"), user->email);
  writeOrNull(json.key("username"), user->username);
  writeOrNull(json.key("profile_image_url"), user->profile ? user->profile->url : "");
  writeOrNull(json.key("cover_image_url"), user->cover ? user->cover->url : "");
  // Not in the spec: the stable public URLs (issue 14), null when [public] is off.
  writeOrNull(json.key("public_avatar_url"),
              avatars::publicUrlOf(context.publicMountPrefix, *user, ImageKind::kProfile));
  writeOrNull(json.key("public_cover_url"),
              avatars::publicUrlOf(context.publicMountPrefix, *user, ImageKind::kCover));
  // Not in the spec: what was recorded of each image, its variants and
  // its placeholder.
  writeImageOrNull(json.key("profile_image"), user->profile);
  writeImageOrNull(json.key("cover_image"), user->cover);
  json.endObject();
  return Response::json(200, std::move(json).take());
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

  // Not in the spec: "crop" (image/crop.h).
  auto crop = cropField(form.value(), "crop");
  if (!crop) return http::errorResponse(kShape, crop.status());
  service::Upload upload{kind, file->path};
  upload.options.crop = crop.value();
  auto records = context.images.replaceImages(principal.value(), {&upload, 1});
  if (!records) {
    if (records.status().code() == StatusCode::kInvalidImage) {
      // The spec fixes the message; the precise reason goes alongside it.
      http::JsonWriter json;
      json.beginObject()
          .field("detail", "Invalid file format")
          .field("reason", records.status().message())
          .endObject();
      return Response::json(400, std::move(json).take());
    }
    return failure(kShape, records.status(), "Error uploading image");
  }
  http::JsonWriter json;
  json.beginObject().field("image_url", records.value().front().url);
  writeVariantFields(json, records.value().front());
  writePlaceholder(json.key("placeholder"), records.value().front());
  json.endObject();
  return Response::json(200, std::move(json).take());
}

Response deleteImage(ApiContext& context, ImageKind kind, const Request& request) {
  auto principal = authenticate(context, request);
  if (!principal) return unauthenticated(request, principal.status());
  core::Status deleted = context.images.deleteImage(principal.value(), kind);
  if (!deleted.isOk()) {
    return failure(kShape, deleted, "Error deleting image from Cloudinary");
  }
  return deletedResponse(kind);
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
