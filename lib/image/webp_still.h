#pragma once
// A still image encoded as lossy WebP by libwebp itself, from 8-bit pixels
// in memory. The VP8 (and ALPH) bitstream is the one libvips 8.14's
// webpsave writes for the same pixels, quality and effort (its defaults:
// the default preset, no smart subsampling, alpha at quality 100; a grey
// image encoded as RGB), but without the libvips operation around it: no
// sink, no muxer, no EXIF block built only to be stripped again
// (webp_metadata.h). That operation costs about 1 ms an encode, as much as
// libwebp itself for a 64 px square. The file holds no metadata chunk.
// Plain C++ over libwebp, no libvips.

#include <cstdint>
#include <optional>
#include <vector>

#include "image/pixel_view.h"

namespace userimg::image {

// `pixels` (1-4 channels, as PixelView) as a WebP file at `quality` (0-100)
// and `effort` (libwebp's method, 0 fastest to 6; -1: 4, libvips' default).
// nullopt when libwebp fails (out of memory, a picture over its 16383 px
// limit).
std::optional<std::vector<std::uint8_t>> encodeWebpStill(const PixelView& pixels, int quality,
                                                         int effort);

}  // namespace userimg::image
