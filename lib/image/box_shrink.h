#pragma once
// Box shrink: an image made `factor` times smaller by averaging each
// factor x factor block of pixels (area averaging, with alpha weighting the
// colour so that transparent pixels do not darken their neighbours). Plain
// C++ over pixels in memory: the variants' resize starts with it, because
// libvips 8.14's own shrink and lanczos reduction cost several milliseconds
// on a 1024 px image with one thread, and a block average is what JPEG's
// shrink-on-load did for the variants before they were cut from memory.
// Pure function: thread-safe.

#include <cstdint>
#include <vector>

#include "image/pixel_view.h"

namespace userimg::image {

struct ShrunkPixels {
  int width = 0;   // ceil(source width / factor)
  int height = 0;  // ceil(source height / factor)
  int channels = 0;
  std::vector<std::uint8_t> data;  // rows of width x channels bytes, no padding

  PixelView view() const {
    return PixelView{width, height, channels, static_cast<std::size_t>(width) * channels,
                     data.data()};
  }
};

// A zero-filled ShrunkPixels sized for `pixels` taken every
// `factor` pixels: ceil(width / factor) x ceil(height / factor), same channels.
ShrunkPixels shrunkShape(const PixelView& pixels, int factor);

// `pixels` shrunk by `factor` (1-64; 1 copies): blocks at the right and
// bottom edges that are cut short average the pixels they have. Channels
// 2 and 4 are taken as straight (not premultiplied) alpha.
ShrunkPixels boxShrink(const PixelView& pixels, int factor);

}  // namespace userimg::image
