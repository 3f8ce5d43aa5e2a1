#include "image/webp_metadata.h"

#include <cstdint>
#include <cstring>

namespace userimg::image {
namespace {

constexpr std::size_t kRiffHeader = 12;  // "RIFF", size, "WEBP"
constexpr std::size_t kChunkHeader = 8;  // fourcc, size

// VP8X flags (the first byte of its payload), WebP container spec.
constexpr unsigned char kIccFlag = 0x20;
constexpr unsigned char kExifFlag = 0x08;
constexpr unsigned char kXmpFlag = 0x04;

std::uint32_t readLe32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

void writeLe32(unsigned char* p, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(value >> (8 * i));
}

bool isMetadata(const unsigned char* fourcc) {
  return std::memcmp(fourcc, "EXIF", 4) == 0 || std::memcmp(fourcc, "XMP ", 4) == 0 ||
         std::memcmp(fourcc, "ICCP", 4) == 0;
}

}  // namespace

std::size_t stripWebpMetadata(unsigned char* data, std::size_t size) {
  if (size < kRiffHeader || std::memcmp(data, "RIFF", 4) != 0 ||
      std::memcmp(data + 8, "WEBP", 4) != 0 || readLe32(data + 4) + 8 != size) {
    return size;
  }
  // First pass: the chunks must tile the file exactly.
  for (std::size_t at = kRiffHeader; at < size;) {
    if (size - at < kChunkHeader) return size;
    const std::size_t payload = readLe32(data + at + 4);
    const std::size_t span = kChunkHeader + payload + (payload & 1);
    if (span > size - at) return size;
    at += span;
  }
  std::size_t out = kRiffHeader;
  for (std::size_t at = kRiffHeader; at < size;) {
    const std::size_t payload = readLe32(data + at + 4);
    const std::size_t span = kChunkHeader + payload + (payload & 1);
    if (!isMetadata(data + at)) {
      if (out != at) std::memmove(data + out, data + at, span);
      if (std::memcmp(data + out, "VP8X", 4) == 0 && payload >= 1) {
        data[out + kChunkHeader] &= static_cast<unsigned char>(~(kIccFlag | kExifFlag | kXmpFlag));
      }
      out += span;
    }
    at += span;
  }
  writeLe32(data + 4, static_cast<std::uint32_t>(out - 8));
  return out;
}

}  // namespace userimg::image
