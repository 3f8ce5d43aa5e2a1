#pragma once
// JSON shapes both surfaces add on top of their specs: an image's variants,
// their siblings in other formats, its placeholder and its recorded
// metadata, each written as one value into a JsonWriter.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/user_repository.h"
#include "http/json_writer.h"

namespace userimg::api {

// {"64": url, "128": url, ...}: the variants in `format` ("" the image's own;
// "webp" also lists the variants of an image stored as WebP, and a "full"
// sibling of the image itself when there is one).
void writeVariants(http::JsonWriter& json, const db::ImageRecord& image,
                   std::string_view format = "");

// The sibling formats listed beside "variants" for `images`: "webp" always
// (so that clients find the key, empty for images stored before siblings or
// with them off), "avif" when one of them has AVIF siblings.
std::vector<std::string> siblingFormatsOf(std::span<const db::ImageRecord* const> images);

// "variants" or "variants_webp": the key under which `format`'s are listed.
std::string variantsKey(std::string_view format);

// "variants": {...}, "variants_webp": {...}[, "variants_avif": {...}] as
// fields of the object being written.
void writeVariantFields(http::JsonWriter& json, const db::ImageRecord& image);

// {"blurhash": "...", "color": "#rrggbb"}, or null when the image has none
// (stored before placeholders existed, or with [images] placeholders off).
void writePlaceholder(http::JsonWriter& json, const db::ImageRecord& image);

// {"url", "content_type", "bytes", "width", "height", "variants",
//  "variants_webp", ["variants_avif",] "placeholder"}
void writeImage(http::JsonWriter& json, const db::ImageRecord& image);

}  // namespace userimg::api
