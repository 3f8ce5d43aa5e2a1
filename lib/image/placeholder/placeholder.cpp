#include "image/placeholder/placeholder.h"

#include <algorithm>
#include <cstdint>

#include "image/placeholder/blurhash.h"
#include "image/placeholder/dominant_color.h"

namespace userimg::image::placeholder {
namespace {

// Points a tiny pixel averages along each side, at most (2 x 2: the box
// is then boxShrink's vectorised halving).
constexpr int kPointsPerSide = 2;

// One point of each `step` x `step` cell of `pixels`. A grid row reads one
// row of pixels (rows are what memory fetches: a point in every row would
// cost as much as a box over all of them); the point's column in its cell
// moves with the cell, and its row with the grid row, so that within any
// 2 x 2 cells the points land on both parities of x and of y: a one-pixel
// pattern is sampled on both of its colours.
template <int Channels>
void sampleRows(const PixelView& pixels, int step, ShrunkPixels& grid) {
  std::uint8_t* out = grid.data.data();
  for (int gy = 0; gy < grid.height; ++gy) {
    const int y = std::min(gy * step + gy % step, pixels.height - 1);
    const std::uint8_t* row = pixels.pixel(0, y);
    int offset = gy % step;  // (gx + gy) % step
    for (int gx = 0; gx < grid.width; ++gx, out += Channels) {
      const int x = std::min(gx * step + offset, pixels.width - 1);
      const std::uint8_t* p = row + static_cast<std::size_t>(x) * Channels;
      for (int c = 0; c < Channels; ++c) out[c] = p[c];
      if (++offset == step) offset = 0;
    }
  }
}

ShrunkPixels sampleGrid(const PixelView& pixels, int step) {
  ShrunkPixels grid = shrunkShape(pixels, step);
  switch (pixels.channels) {
    case 1:
      sampleRows<1>(pixels, step, grid);
      break;
    case 2:
      sampleRows<2>(pixels, step, grid);
      break;
    case 3:
      sampleRows<3>(pixels, step, grid);
      break;
    default:
      sampleRows<4>(pixels, step, grid);
      break;
  }
  return grid;
}

}  // namespace

Components componentsFor(int width, int height) {
  const int longer = std::max(width, height);
  const int shorter = std::min(width, height);
  const int across = 4 * longer <= 5 * shorter ? 4 : 3;
  return width >= height ? Components{4, across} : Components{across, 4};
}

ShrunkPixels tinyCopy(const PixelView& pixels) {
  const int longer = std::max(pixels.width, pixels.height);
  // The whole reduction, then as much of it as possible by sampling, the
  // rest (up to kPointsPerSide) by the box: step x box >= reduction, so the
  // copy's longer side is at most kTinySide.
  const int reduction = (longer + kTinySide - 1) / kTinySide;
  const int step = (reduction + kPointsPerSide - 1) / kPointsPerSide;
  const int box = (reduction + step - 1) / step;
  if (step == 1) return boxShrink(pixels, box);
  const ShrunkPixels grid = sampleGrid(pixels, step);
  return boxShrink(grid.view(), box);
}

core::Result<Placeholder> makePlaceholder(const PixelView& pixels) {
  if (core::Status valid = checkPixelView(pixels); !valid.isOk()) return valid;
  const ShrunkPixels tiny = tinyCopy(pixels);
  const Components components = componentsFor(pixels.width, pixels.height);
  auto blurhash = blurhashEncode(tiny.view(), components.x, components.y);
  if (!blurhash) return blurhash.status();
  auto color = dominantColor(tiny.view());
  if (!color) return color.status();
  return Placeholder{std::move(blurhash.value()), std::move(color.value())};
}

}  // namespace userimg::image::placeholder
