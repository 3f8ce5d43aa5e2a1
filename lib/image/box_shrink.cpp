#include "image/box_shrink.h"

#include <algorithm>

namespace userimg::image {

namespace {

// Adds the pixels of one source row into the block sums of its output row,
// for `Channels` channels (the last one alpha when `Alpha`) and a factor
// known at compile time when `Factor` > 0, so that the loops unroll.
template <int Channels, bool Alpha, int Factor>
void addRow(const std::uint8_t* p, int width, int runtimeFactor, std::uint32_t* sums) {
  constexpr int kColours = Alpha ? Channels - 1 : Channels;
  const int factor = Factor > 0 ? Factor : runtimeFactor;
  const int whole = width / factor;  // blocks with all their columns
  auto add = [](const std::uint8_t* pixel, std::uint32_t* s) {
    if constexpr (Alpha) {
      const std::uint32_t a = pixel[kColours];
      for (int c = 0; c < kColours; ++c) s[c] += std::uint32_t{pixel[c]} * a;
      s[kColours] += a;
    } else {
      for (int c = 0; c < kColours; ++c) s[c] += pixel[c];
    }
  };
  std::uint32_t* s = sums;
  for (int ox = 0; ox < whole; ++ox, s += Channels) {
    for (int i = 0; i < factor; ++i, p += Channels) add(p, s);
  }
  for (int x = whole * factor; x < width; ++x, p += Channels) add(p, s);
}

template <int Channels, bool Alpha, int Factor>
void shrinkRows(const PixelView& pixels, int factor, ShrunkPixels& out) {
  constexpr int kColours = Alpha ? Channels - 1 : Channels;
  std::vector<std::uint32_t> sums(static_cast<std::size_t>(out.width) * Channels);
  const int tail = pixels.width - (out.width - 1) * factor;  // columns of the last block
  for (int oy = 0; oy < out.height; ++oy) {
    std::fill(sums.begin(), sums.end(), 0);
    const int yEnd = std::min(pixels.height, (oy + 1) * factor);
    for (int y = oy * factor; y < yEnd; ++y) {
      addRow<Channels, Alpha, Factor>(pixels.pixel(0, y), pixels.width, factor, sums.data());
    }
    const auto rows = static_cast<std::uint32_t>(yEnd - oy * factor);
    std::uint8_t* o = &out.data[static_cast<std::size_t>(oy) * out.width * Channels];
    const std::uint32_t* s = sums.data();
    for (int ox = 0; ox < out.width; ++ox, s += Channels, o += Channels) {
      const std::uint32_t n = rows * static_cast<std::uint32_t>(ox + 1 < out.width ? factor : tail);
      if constexpr (Alpha) {
        const std::uint32_t a = s[kColours];
        for (int c = 0; c < kColours; ++c) {
          o[c] = a == 0 ? 0 : static_cast<std::uint8_t>((s[c] + a / 2) / a);
        }
        o[kColours] = static_cast<std::uint8_t>((a + n / 2) / n);
      } else {
        for (int c = 0; c < kColours; ++c) o[c] = static_cast<std::uint8_t>((s[c] + n / 2) / n);
      }
    }
  }
}

// Halving without alpha, the most common shrink (a 1024 px image to the
// 512 px one its 256 px square is resampled from): two rows at a time, no
// sums kept, so that the compiler vectorises the inner loop.
template <int Channels>
void halve(const PixelView& pixels, ShrunkPixels& out) {
  const int pairs = pixels.width / 2;
  for (int oy = 0; oy < out.height; ++oy) {
    const std::uint8_t* a = pixels.pixel(0, 2 * oy);
    const std::uint8_t* b = 2 * oy + 1 < pixels.height ? pixels.pixel(0, 2 * oy + 1) : a;
    std::uint8_t* o = &out.data[static_cast<std::size_t>(oy) * out.width * Channels];
    for (int i = 0; i < pairs * Channels; ++i) {
      const int x = (i / Channels) * 2 * Channels + i % Channels;
      o[i] = static_cast<std::uint8_t>((a[x] + a[x + Channels] + b[x] + b[x + Channels] + 2) >> 2);
    }
    if (pixels.width % 2 != 0) {
      const int x = pairs * 2 * Channels;
      for (int c = 0; c < Channels; ++c) {
        o[pairs * Channels + c] = static_cast<std::uint8_t>((a[x + c] + b[x + c] + 1) >> 1);
      }
    }
  }
}

template <int Channels, bool Alpha>
void shrinkAll(const PixelView& pixels, int factor, ShrunkPixels& out) {
  if constexpr (!Alpha) {
    if (factor == 2) return halve<Channels>(pixels, out);
  }
  if (factor == 2) return shrinkRows<Channels, Alpha, 2>(pixels, factor, out);
  if (factor == 4) return shrinkRows<Channels, Alpha, 4>(pixels, factor, out);
  shrinkRows<Channels, Alpha, 0>(pixels, factor, out);
}

}  // namespace

ShrunkPixels shrunkShape(const PixelView& pixels, int factor) {
  ShrunkPixels out;
  out.width = (pixels.width + factor - 1) / factor;
  out.height = (pixels.height + factor - 1) / factor;
  out.channels = pixels.channels;
  out.data.resize(static_cast<std::size_t>(out.width) * out.height * out.channels);
  return out;
}

ShrunkPixels boxShrink(const PixelView& pixels, int factor) {
  // 32-bit sums hold a block of up to 64 x 64 alpha-weighted pixels.
  factor = std::clamp(factor, 1, 64);
  ShrunkPixels out = shrunkShape(pixels, factor);
  switch (pixels.channels) {
    case 1:
      shrinkAll<1, false>(pixels, factor, out);
      break;
    case 2:
      shrinkAll<2, true>(pixels, factor, out);
      break;
    case 3:
      shrinkAll<3, false>(pixels, factor, out);
      break;
    default:
      shrinkAll<4, true>(pixels, factor, out);
      break;
  }
  return out;
}

}  // namespace userimg::image
