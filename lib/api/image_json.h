#pragma once
// JSON shapes both surfaces add on top of their specs: an image's variants,
// its placeholder and its recorded metadata, each written as one value into
// a JsonWriter.

#include "db/user_repository.h"
#include "http/json_writer.h"

namespace userimg::api {

// {"64": url, "128": url, ...}
void writeVariants(http::JsonWriter& json, const db::ImageRecord& image);

// {"blurhash": "...", "color": "#rrggbb"}, or null when the image has none
// (stored before placeholders existed, or with [images] placeholders off).
void writePlaceholder(http::JsonWriter& json, const db::ImageRecord& image);

// {"url", "content_type", "bytes", "width", "height", "variants", "placeholder"}
void writeImage(http::JsonWriter& json, const db::ImageRecord& image);

}  // namespace userimg::api
