#include "api/image_json.h"

#include <algorithm>

namespace userimg::api {

void writeVariants(http::JsonWriter& json, const db::ImageRecord& image, std::string_view format) {
  // An image stored as WebP has its own variants in WebP.
  const bool own = format.empty() || (format == "webp" && image.contentType == "image/webp");
  json.beginObject();
  for (const db::VariantRecord& variant : image.variants) {
    if (variant.format == format || (own && variant.format.empty())) {
      json.field(variant.name, variant.url);
    }
  }
  json.endObject();
}

std::vector<std::string> siblingFormatsOf(std::span<const db::ImageRecord* const> images) {
  std::vector<std::string> formats{"webp"};
  for (const db::ImageRecord* image : images) {
    for (const db::VariantRecord& variant : image->variants) {
      if (!variant.format.empty() &&
          std::find(formats.begin(), formats.end(), variant.format) == formats.end()) {
        formats.push_back(variant.format);
      }
    }
  }
  return formats;
}

std::string variantsKey(std::string_view format) {
  return format.empty() ? std::string("variants") : "variants_" + std::string(format);
}

void writeVariantFields(http::JsonWriter& json, const db::ImageRecord& image) {
  writeVariants(json.key("variants"), image);
  const db::ImageRecord* images[] = {&image};
  for (const std::string& format : siblingFormatsOf(images)) {
    writeVariants(json.key(variantsKey(format)), image, format);
  }
}

void writePlaceholder(http::JsonWriter& json, const db::ImageRecord& image) {
  if (!image.placeholder) {
    json.value(nullptr);
    return;
  }
  json.beginObject()
      .field("blurhash", image.placeholder->blurhash)
      .field("color", image.placeholder->color)
      .endObject();
}

void writeImage(http::JsonWriter& json, const db::ImageRecord& image) {
  json.beginObject()
      .field("url", image.url)
      .field("content_type", image.contentType)
      .field("bytes", image.bytes)
      .field("width", image.width)
      .field("height", image.height);
  writeVariantFields(json, image);
  writePlaceholder(json.key("placeholder"), image);
  json.endObject();
}

}  // namespace userimg::api
