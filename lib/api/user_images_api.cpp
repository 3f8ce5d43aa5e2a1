#include "api/user_images_api.h"

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "api/image_json.h"
#include "api/request_support.h"
#include "avatars/public_images.h"

namespace userimg::api {
namespace {

using core::ImageKind;
using http::ErrorShape;
using http::Request;
using http::Response;

constexpr ErrorShape kShape = ErrorShape::kError;
constexpr const char* kProfileField = "profile_image";
constexpr const char* kCoverField = "cover_image";

// "variants": {"profile_image": {...}, "cover_image": {...}}, then the same
// for each sibling format ("variants_webp", ...), as fields of the object
// being written.
void writeVariantsByField(http::JsonWriter& json,
                          std::span<const std::pair<const char*, const db::ImageRecord*>> images) {
  std::vector<const db::ImageRecord*> records;
  for (const auto& [field, image] : images) records.push_back(image);
  std::vector<std::string> formats{""};
  for (std::string& format : siblingFormatsOf(records)) formats.push_back(std::move(format));
  for (const std::string& format : formats) {
    json.key(variantsKey(format)).beginObject();
    for (const auto& [field, image] : images) writeVariants(json.key(field), *image, format);
    json.endObject();
  }
}

Response getImages(ApiContext& context, const Request& request) {
  auto principal = authenticate(context, request);
  if (!principal) return http::errorResponse(kShape, principal.status());
  auto user = context.images.currentUser(principal.value());
  if (!user) return failure(kShape, user.status(), "Error loading images");

  http::JsonWriter json;
  json.beginObject().key("images").beginObject();
  json.field(kProfileField, user->profile ? user->profile->url : context.defaultProfileUrl);
  if (user->cover) {
    json.field(kCoverField, user->cover->url);
  } else {
    json.field(kCoverField, nullptr);
  }
  json.endObject();
  // Not in the spec: each image's smaller copies (and their siblings in
  // other formats) and placeholder, by kind.
  std::vector<std::pair<const char*, const db::ImageRecord*>> images;
  if (user->profile) images.emplace_back(kProfileField, &*user->profile);
  if (user->cover) images.emplace_back(kCoverField, &*user->cover);
  writeVariantsByField(json, images);
  json.key("placeholder").beginObject();
  if (user->profile) writePlaceholder(json.key(kProfileField), *user->profile);
  if (user->cover) writePlaceholder(json.key(kCoverField), *user->cover);
  json.endObject();
  // Not in the spec: the stable public URLs (issue 14), null when [public] is off.
  json.key("public").beginObject();
  for (const auto& [field, kind] :
       {std::pair{kProfileField, ImageKind::kProfile}, std::pair{kCoverField, ImageKind::kCover}}) {
    const std::string url = avatars::publicUrlOf(context.publicMountPrefix, *user, kind);
    if (url.empty()) {
      json.field(field, nullptr);
    } else {
      json.field(field, url);
    }
  }
  json.endObject().endObject();
  return Response::json(200, std::move(json).take());
}

Response postImages(ApiContext& context, const Request& request) {
  auto principal = authenticate(context, request);
  if (!principal) return http::errorResponse(kShape, principal.status());
  auto form = readUploadForm(context, request, {kProfileField, kCoverField});
  if (!form) return failure(kShape, form.status(), "Error uploading image");

  std::vector<service::Upload> uploads;
  if (const auto* file = form->file(kProfileField)) {
    uploads.push_back({ImageKind::kProfile, file->path});
  }
  if (const auto* file = form->file(kCoverField)) {
    uploads.push_back({ImageKind::kCover, file->path});
  }
  if (uploads.empty()) {
    return http::errorResponse(kShape, 400,
                               "No image provided: send a file in 'profile_image' or "
                               "'cover_image'");
  }
  // Not in the spec: a crop per image ("profile_image_crop",
  // "cover_image_crop"), or "crop" when one image is sent.
  auto shared = cropField(form.value(), "crop");
  if (!shared) return http::errorResponse(kShape, shared.status());
  if (*shared && uploads.size() > 1) {
    return http::errorResponse(kShape, 400,
                               "crop: two images were sent; use profile_image_crop or "
                               "cover_image_crop");
  }
  for (service::Upload& upload : uploads) {
    const bool isProfile = upload.kind == ImageKind::kProfile;
    auto own = cropField(form.value(), isProfile ? "profile_image_crop" : "cover_image_crop");
    if (!own) return http::errorResponse(kShape, own.status());
    upload.options.crop = own.value() ? own.value() : shared.value();
  }

  auto records = context.images.replaceImages(principal.value(), uploads);
  if (!records) return failure(kShape, records.status(), "Error uploading image");

  const auto fieldOf = [](const service::Upload& upload) {
    return upload.kind == ImageKind::kProfile ? kProfileField : kCoverField;
  };
  http::JsonWriter json;
  json.beginObject();
  if (uploads.size() == 2) {
    json.field("message", "Images uploaded successfully");
  } else if (uploads.front().kind == ImageKind::kProfile) {
    json.field("message", "Profile image uploaded successfully");
  } else {
    json.field("message", "Cover image uploaded successfully");
  }
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    json.field(fieldOf(uploads[i]), records.value()[i].url);
  }
  std::vector<std::pair<const char*, const db::ImageRecord*>> images;
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    images.emplace_back(fieldOf(uploads[i]), &records.value()[i]);
  }
  writeVariantsByField(json, images);
  json.key("placeholder").beginObject();
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    writePlaceholder(json.key(fieldOf(uploads[i])), records.value()[i]);
  }
  json.endObject().endObject();
  return Response::json(200, std::move(json).take());
}

Response deleteImage(ApiContext& context, const Request& request) {
  auto principal = authenticate(context, request);
  if (!principal) return http::errorResponse(kShape, principal.status());
  const auto type = request.queryParam("type");
  if (!type || (*type != kProfileField && *type != kCoverField)) {
    return http::errorResponse(kShape, 400,
                               "Invalid image type: use ?type=profile_image or ?type=cover_image");
  }
  const ImageKind kind = *type == kProfileField ? ImageKind::kProfile : ImageKind::kCover;
  core::Status deleted = context.images.deleteImage(principal.value(), kind);
  if (!deleted.isOk()) return failure(kShape, deleted, "Error deleting image");

  return deletedResponse(kind);
}

}  // namespace

void addUserImagesRoutes(http::Router& router, ApiContext& context) {
  router.setErrorShape("/api/", kShape);
  router.add("GET", kUserImagesPath,
             [&context](const Request& r) { return getImages(context, r); });
  router.add("POST", kUserImagesPath,
             [&context](const Request& r) { return postImages(context, r); });
  router.add("DELETE", kUserImagesPath,
             [&context](const Request& r) { return deleteImage(context, r); });
}

}  // namespace userimg::api
