#pragma once
// Reads the format and pixel size from the first bytes of a PNG, JPEG, GIF or
// WebP file, the way Cloudinary reports them after an upload. Header parsing
// only: the rest of the file is not checked.

#include <optional>
#include <string>
#include <string_view>

namespace userimg::cloudinary_server {

struct ImageHeader {
  std::string format;  // "png", "jpg", "gif", "webp"
  int width = 0;
  int height = 0;
};

// nullopt when `bytes` is none of the four formats or its header is cut short.
std::optional<ImageHeader> readImageHeader(std::string_view bytes);

// `bytes` (an image) re-encoded as `format` ("webp", "avif", "jpg", "png",
// "gif") with libvips, as Cloudinary's delivery converts by extension;
// nullopt for an unknown format or undecodable bytes.
std::optional<std::string> convertImage(std::string_view bytes, const std::string& format);

}  // namespace userimg::cloudinary_server
