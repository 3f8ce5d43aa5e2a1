#pragma once
// Sniffing: what an upload is, decided from its first bytes (magic numbers),
// never from the client's Content-Type or file name. Only the formats the
// pipeline decodes are an ImageFormat; anything else is refused, and named
// when it is recognisable so the refusal can say what was sent.
//
// Pure functions over bytes (plus one that reads a file's head): thread-safe,
// no libvips.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace userimg::image {

enum class ImageFormat {
  kJpeg,  // FF D8 FF
  kPng,   // 89 50 4E 47 0D 0A 1A 0A
  kGif,   // GIF87a / GIF89a
  kWebp,  // RIFF....WEBP
  kHeif,  // ISO-BMFF ftyp with a HEIF brand: HEIC, HEIF and AVIF
};

// "JPEG", "PNG", "GIF", "WebP", "HEIF".
std::string_view imageFormatName(ImageFormat format);

// How many leading bytes the sniffers look at (SVG and HTML may start with
// whitespace, a byte-order mark or an XML declaration).
inline constexpr std::size_t kSniffBytes = 512;

// The accepted format whose signature `head` starts with; nullopt for
// anything else, including input shorter than a signature.
std::optional<ImageFormat> sniffFormat(std::span<const unsigned char> head);

// The name of a recognisable format that is not accepted ("SVG", "PDF",
// "HTML", "BMP", "TIFF", ...); empty when `head` is not recognised.
std::string_view recogniseUnsupported(std::span<const unsigned char> head);

// The refusal for `head`: "Unsupported image format: SVG", or
// "Unsupported image format" when the format is not recognised.
std::string unsupportedFormatMessage(std::span<const unsigned char> head);

// Up to `maxBytes` leading bytes of `file` (fewer when the file is shorter).
// Fails with kInternal when the file cannot be opened or read.
core::Result<std::vector<unsigned char>> readFileHead(const std::filesystem::path& file,
                                                      std::size_t maxBytes = kSniffBytes);

}  // namespace userimg::image
