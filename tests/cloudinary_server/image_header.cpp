#include "image_header.h"

#include <vips/vips.h>

#include <algorithm>
#include <iterator>

#include <cstdint>

namespace userimg::cloudinary_server {
namespace {

std::uint32_t byteAt(std::string_view b, std::size_t i) {
  return static_cast<unsigned char>(b[i]);
}
std::uint32_t be16(std::string_view b, std::size_t i) {
  return byteAt(b, i) << 8 | byteAt(b, i + 1);
}
std::uint32_t le16(std::string_view b, std::size_t i) {
  return byteAt(b, i + 1) << 8 | byteAt(b, i);
}
std::uint32_t be32(std::string_view b, std::size_t i) {
  return be16(b, i) << 16 | be16(b, i + 2);
}
std::uint32_t le24(std::string_view b, std::size_t i) {
  return le16(b, i) | byteAt(b, i + 2) << 16;
}

std::optional<ImageHeader> png(std::string_view b) {
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
  return ImageHeader{"png", static_cast<int>(be32(b, 16)), static_cast<int>(be32(b, 20))};
}

std::optional<ImageHeader> gif(std::string_view b) {
  if (b.size() < 10) return std::nullopt;
  return ImageHeader{"gif", static_cast<int>(le16(b, 6)), static_cast<int>(le16(b, 8))};
}

std::optional<ImageHeader> jpeg(std::string_view b) {
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (byteAt(b, i) != 0xFF) return std::nullopt;
    const std::uint32_t marker = byteAt(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) {  // no length
      i += 2;
      continue;
    }
    const std::uint32_t length = be16(b, i + 2);
    const bool startOfFrame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (startOfFrame) {
      if (i + 9 > b.size()) return std::nullopt;
      return ImageHeader{"jpg", static_cast<int>(be16(b, i + 7)), static_cast<int>(be16(b, i + 5))};
    }
    i += 2 + length;
  }
  return std::nullopt;
}

std::optional<ImageHeader> webp(std::string_view b) {
  if (b.size() < 30) return std::nullopt;
  const std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 ") {
    return ImageHeader{"webp", static_cast<int>(le16(b, 26) & 0x3FFF),
                       static_cast<int>(le16(b, 28) & 0x3FFF)};
  }
  if (chunk == "VP8L" && byteAt(b, 20) == 0x2F) {
    const std::uint32_t bits =
        byteAt(b, 21) | byteAt(b, 22) << 8 | byteAt(b, 23) << 16 | byteAt(b, 24) << 24;
    return ImageHeader{"webp", static_cast<int>((bits & 0x3FFF) + 1),
                       static_cast<int>(((bits >> 14) & 0x3FFF) + 1)};
  }
  if (chunk == "VP8X") {
    return ImageHeader{"webp", static_cast<int>(le24(b, 24) + 1),
                       static_cast<int>(le24(b, 27) + 1)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageHeader> readImageHeader(std::string_view bytes) {
  if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return png(bytes);
  if (bytes.substr(0, 6) == "GIF87a" || bytes.substr(0, 6) == "GIF89a") return gif(bytes);
  if (bytes.size() > 3 && byteAt(bytes, 0) == 0xFF && byteAt(bytes, 1) == 0xD8) return jpeg(bytes);
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") {
    return webp(bytes);
  }
  return std::nullopt;
}

std::optional<std::string> convertImage(std::string_view bytes, const std::string& format) {
  static const char* const kKnown[] = {"webp", "avif", "jpg", "png", "gif"};
  if (std::find(std::begin(kKnown), std::end(kKnown), format) == std::end(kKnown)) {
    return std::nullopt;
  }
  VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  if (image == nullptr) return std::nullopt;
  void* out = nullptr;
  std::size_t size = 0;
  const int failed =
      vips_image_write_to_buffer(image, ("." + format).c_str(), &out, &size, nullptr);
  g_object_unref(image);
  if (failed != 0) return std::nullopt;
  std::string converted(static_cast<const char*>(out), size);
  g_free(out);
  return converted;
}

}  // namespace userimg::cloudinary_server
