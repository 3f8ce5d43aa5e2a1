#pragma once
// A still image encoded as baseline JPEG by libjpeg itself, from 8-bit
// pixels in memory. The file is the one libvips 8.14's jpegsave writes for
// the same pixels with the options userimg gives a variant (quality Q,
// optimised Huffman tables, not interlaced, stripped: no JFIF, EXIF or ICC
// marker; chroma subsampled 4:2:0 below quality 90, as libvips' "auto"
// does), but without the libvips operation around it (a sink on a worker
// thread, a target, a copy to strip): about half a millisecond an encode,
// most of what a 64 px square costs. Plain C++ over libjpeg, no libvips.

#include <cstdint>
#include <optional>
#include <vector>

#include "image/pixel_view.h"

namespace userimg::image {

// `pixels` (1 channel: grey; 3: RGB; no alpha, which JPEG cannot hold) as a
// JPEG file at `quality` (1-100). nullopt for other channel counts, a side
// over JPEG's 65500 px, or a libjpeg failure (out of memory).
std::optional<std::vector<std::uint8_t>> encodeJpegStill(const PixelView& pixels, int quality);

}  // namespace userimg::image
