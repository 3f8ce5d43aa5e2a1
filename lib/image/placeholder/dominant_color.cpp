#include "image/placeholder/dominant_color.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace userimg::image::placeholder {
namespace {

// 8 levels a channel; the offset grid has 9 (its first and last cells are
// half wide).
constexpr int kShift = 5;
constexpr int kHalfCell = 1 << (kShift - 1);
constexpr int kLevels = 256 >> kShift;
constexpr int kOffsetLevels = kLevels + 1;

// A cell of one of the two grids: `offset` 0 or kHalfCell.
struct Cell {
  int offset = 0;
  int index = 0;
};

int levelsOf(int offset) {
  return offset == 0 ? kLevels : kOffsetLevels;
}

using Rgb = std::array<std::uint8_t, 3>;

int cellOf(const Rgb& p, int offset) {
  const int levels = levelsOf(offset);
  return (((p[0] + offset) >> kShift) * levels + ((p[1] + offset) >> kShift)) * levels +
         ((p[2] + offset) >> kShift);
}

// Calls visit(rgb) for each pixel that counts (grey replicated).
template <typename Visit>
void forCounted(const PixelView& pixels, Visit visit) {
  const int green = pixels.channels < 3 ? 0 : 1;
  const int blue = pixels.channels < 3 ? 0 : 2;
  const bool hasAlpha = pixels.channels % 2 == 0;
  for (int y = 0; y < pixels.height; ++y) {
    const std::uint8_t* p = pixels.data + static_cast<std::size_t>(y) * pixels.stride;
    for (int x = 0; x < pixels.width; ++x, p += pixels.channels) {
      if (hasAlpha && p[pixels.channels - 1] < kMinCountedAlpha) continue;
      visit(Rgb{p[0], p[green], p[blue]});
    }
  }
}

std::string hexColour(int r, int g, int b) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", r, g, b);
  return text;
}

}  // namespace

core::Result<std::string> dominantColor(const PixelView& pixels) {
  if (core::Status status = checkPixelView(pixels); !status.isOk()) return status;

  std::array<std::uint64_t, kLevels * kLevels * kLevels> plain{};
  std::array<std::uint64_t, kOffsetLevels * kOffsetLevels * kOffsetLevels> offset{};
  forCounted(pixels, [&](const Rgb& p) {
    ++plain[cellOf(p, 0)];
    ++offset[cellOf(p, kHalfCell)];
  });

  Cell best;
  std::uint64_t bestCount = 0;
  for (int i = 0; i < static_cast<int>(plain.size()); ++i) {
    if (plain[i] > bestCount) {
      best = {0, i};
      bestCount = plain[i];
    }
  }
  for (int i = 0; i < static_cast<int>(offset.size()); ++i) {
    if (offset[i] > bestCount) {
      best = {kHalfCell, i};
      bestCount = offset[i];
    }
  }
  if (bestCount == 0) return hexColour(255, 255, 255);

  std::array<std::uint64_t, 3> sum{};
  forCounted(pixels, [&](const Rgb& p) {
    if (cellOf(p, best.offset) != best.index) return;
    for (int c = 0; c < 3; ++c) sum[c] += p[c];
  });
  const auto mean = [&](int c) { return static_cast<int>((sum[c] + bestCount / 2) / bestCount); };
  return hexColour(mean(0), mean(1), mean(2));
}

}  // namespace userimg::image::placeholder
