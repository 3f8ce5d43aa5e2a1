#pragma once
// PixelView: 8-bit sRGB pixels in memory, borrowed from their owner (laid out
// as libvips lays out a uchar image in memory: row-major, `channels` bytes a
// pixel, rows `stride` bytes apart). The plain-C++ parts of lib/image
// (attention, placeholders) read images through it, without libvips.

#include <cstddef>
#include <cstdint>

namespace userimg::image {

struct PixelView {
  int width = 0;
  int height = 0;
  int channels = 3;        // 1: grey; 2: grey, alpha; 3: R, G, B; 4: R, G, B, alpha (straight)
  std::size_t stride = 0;  // bytes from the start of one row to the next, >= width * channels
  const std::uint8_t* data = nullptr;  // borrowed: `height` rows, alive during the call

  const std::uint8_t* pixel(int x, int y) const {
    return data + static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(x) * channels;
  }
};

}  // namespace userimg::image
