#include "api/image_json.h"

namespace userimg::api {

void writeVariants(http::JsonWriter& json, const db::ImageRecord& image) {
  json.beginObject();
  for (const db::VariantRecord& variant : image.variants) json.field(variant.name, variant.url);
  json.endObject();
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
      .field("height", image.height)
      .key("variants");
  writeVariants(json, image);
  writePlaceholder(json.key("placeholder"), image);
  json.endObject();
}

}  // namespace userimg::api
