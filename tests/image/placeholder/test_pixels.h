#pragma once
// Pixels owned by a placeholder test, viewed through a PixelView
// (blurhash_test.cpp, placeholder_test.cpp).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "image/pixel_view.h"

namespace userimg::image::placeholder::fixtures {

struct Pixels {
  int width = 0;
  int height = 0;
  int channels = 3;
  std::vector<std::uint8_t> bytes;

  PixelView view() const {
    return {width, height, channels, static_cast<std::size_t>(width) * channels, bytes.data()};
  }
  std::uint8_t* at(int x, int y) {
    return bytes.data() + (static_cast<std::size_t>(y) * width + x) * channels;
  }
};

inline Pixels blank(int width, int height, int channels) {
  return {width, height, channels,
          std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * channels)};
}

// Every pixel `colour` (its size is the number of channels).
inline Pixels solid(int width, int height, std::vector<std::uint8_t> colour) {
  Pixels p = blank(width, height, static_cast<int>(colour.size()));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) std::copy(colour.begin(), colour.end(), p.at(x, y));
  }
  return p;
}

// Pixel (x, y) is colour(x, y), of `channels` values.
inline Pixels painted(int width, int height, int channels,
                      const std::function<std::vector<std::uint8_t>(int x, int y)>& colour) {
  Pixels p = blank(width, height, channels);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::vector<std::uint8_t> value = colour(x, y);
      std::copy(value.begin(), value.end(), p.at(x, y));
    }
  }
  return p;
}

}  // namespace userimg::image::placeholder::fixtures
