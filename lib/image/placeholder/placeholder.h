#pragma once
// Placeholder: what a client paints while an image loads, computed from the
// image's pixels at upload: a BlurHash (blurhash.h) and the dominant colour
// (dominant_color.h), both read from one tiny copy of the image.
//
//   auto placeholder = placeholder::makePlaceholder(pixels);  // ~0.1-0.3 ms
//   if (placeholder) record.placeholder = *placeholder;
//
// The tiny copy is at most kTinySide pixels on its longer side (32-64 for
// any larger image). Each of its pixels is the box average (box_shrink.h)
// of up to 2 x 2 points of the image, one point in each cell of a grid,
// offset within its cell in a pattern that changes from cell to cell so
// that fine regular patterns (stripes, checkerboards, dithering) average
// out instead of aliasing to one of their colours. Why points and not every
// pixel: a box over all of a 1024 px still reads 2-3 MB (2-3 ms on one
// core here; 10 ms for a 2560 px cover), where the grid reads at most
// 128 x 128 points whatever the size; for a blur of 4 x 3 terms and a
// colour histogram, 12000 points are as good as a million.
//
// Components: 4 along the longer side; along the shorter, 4 when the image
// is nearly square (its sides within 5:4), else 3. A square avatar gets 4x4
// (a 36-character hash), a 4:3 photo or a wide cover 4x3 (28), a portrait
// 3x4.
//
// Pure functions over pixels in memory: thread-safe, no libvips.

#include <string>

#include "core/result.h"
#include "image/box_shrink.h"
#include "image/pixel_view.h"

namespace userimg::image::placeholder {

struct Placeholder {
  std::string blurhash;  // "LKO2?U%2Tw=w]~RBVZRi};RPxuwH" (blurhash.h)
  std::string color;     // "#rrggbb", lowercase (dominant_color.h)

  bool operator==(const Placeholder&) const = default;
};

// The longest side of the tiny copy.
inline constexpr int kTinySide = 64;

struct Components {
  int x = 4;
  int y = 3;
};

// The BlurHash components of a width x height image (see above).
Components componentsFor(int width, int height);

// The tiny copy of `pixels` (see above), same channels: `pixels` copied as
// it is when no side is longer than kTinySide.
ShrunkPixels tinyCopy(const PixelView& pixels);

// The placeholder of `pixels` (8-bit sRGB or grey, straight alpha allowed):
// the BlurHash and dominant colour of its tiny copy. kInvalidArgument when
// `pixels` is not a valid view (blurhash.h: checkPixelView).
core::Result<Placeholder> makePlaceholder(const PixelView& pixels);

}  // namespace userimg::image::placeholder
