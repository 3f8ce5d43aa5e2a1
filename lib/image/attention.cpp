#include "image/attention.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "image/box_shrink.h"

namespace userimg::image {
namespace {

// The cues' weights: detail is 0-1020 (the Laplacian of 8-bit luminance),
// skin and saturation are scaled to be worth about as much as a clear edge.
constexpr double kSkinWeight = 120.0;
constexpr double kSaturationWeight = 0.6;
// The centre preference: a window at the very edge scores this much less.
constexpr double kCentreBias = 0.15;
// The shorter edge of the copy the search runs on.
constexpr int kSearchSide = 64;

struct Rgba {
  double r, g, b, a;
};

Rgba read(const PixelView& pixels, int x, int y) {
  const std::uint8_t* p = pixels.pixel(x, y);
  switch (pixels.channels) {
    case 1:
      return {double(p[0]), double(p[0]), double(p[0]), 255.0};
    case 2:
      return {double(p[0]), double(p[0]), double(p[0]), double(p[1])};
    case 3:
      return {double(p[0]), double(p[1]), double(p[2]), 255.0};
    default:
      return {double(p[0]), double(p[1]), double(p[2]), double(p[3])};
  }
}

double luminance(const Rgba& c) {
  return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
}

// 0-1: how close the colour's chromaticity is to a typical skin tone, for
// pixels neither very dark nor very light.
double skin(const Rgba& c, double y) {
  if (y < 40.0 || y > 235.0) return 0.0;
  const double norm = std::sqrt(c.r * c.r + c.g * c.g + c.b * c.b);
  if (norm <= 0.0) return 0.0;
  // Unit vector of a mid skin tone (sRGB 199, 145, 112).
  constexpr double kR = 0.7729, kG = 0.5632, kB = 0.4350;
  const double dr = c.r / norm - kR, dg = c.g / norm - kG, db = c.b / norm - kB;
  const double distance = std::sqrt(dr * dr + dg * dg + db * db);
  return std::max(0.0, 1.0 - distance / 0.12);
}

double saturation(const Rgba& c) {
  return std::max({c.r, c.g, c.b}) - std::min({c.r, c.g, c.b});
}

}  // namespace

SquareWindow findAttentionSquare(const PixelView& full) {
  const int fullSide = std::min(full.width, full.height);
  if (full.width == full.height || fullSide <= 0) return {0, 0, fullSide};
  // Searched on a copy about kSearchSide px on its shorter edge: the cues are
  // coarse, and the answer is scaled back.
  const int factor = std::max(1, fullSide / kSearchSide);
  ShrunkPixels small;
  if (factor > 1) small = boxShrink(full, factor);
  const PixelView pixels = factor > 1 ? small.view() : full;
  const int width = pixels.width;
  const int height = pixels.height;
  const int side = std::min(width, height);
  const bool landscape = width > height;
  const int length = landscape ? width : height;

  // Luminance of every pixel, then each pixel's saliency summed into its
  // column (landscape) or row (portrait).
  std::vector<double> luma(static_cast<std::size_t>(width) * height);
  std::vector<double> cue(luma.size());
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const Rgba c = read(pixels, x, y);
      const double lum = luminance(c);
      const std::size_t i = static_cast<std::size_t>(y) * width + x;
      luma[i] = lum;
      cue[i] = (kSkinWeight * skin(c, lum) + kSaturationWeight * saturation(c)) * (c.a / 255.0);
    }
  }
  std::vector<double> line(length, 0.0);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * width + x;
      const double centre = luma[i];
      const double l = x > 0 ? luma[i - 1] : centre;
      const double r = x + 1 < width ? luma[i + 1] : centre;
      const double u = y > 0 ? luma[i - width] : centre;
      const double d = y + 1 < height ? luma[i + width] : centre;
      const double alpha = read(pixels, x, y).a / 255.0;
      const double detail = std::abs(4.0 * centre - l - r - u - d) * alpha;
      line[landscape ? x : y] += detail + cue[i];
    }
  }

  // Slide the window along the long axis; keep the best, nearer the centre
  // on a tie.
  double sum = 0.0;
  for (int i = 0; i < side; ++i) sum += line[i];
  const int travel = length - side;
  int best = travel / 2;
  double bestScore = -1.0;
  for (int offset = 0; offset <= travel; ++offset) {
    if (offset > 0) sum += line[offset + side - 1] - line[offset - 1];
    const double fromCentre = std::abs(offset - travel / 2.0) / (travel / 2.0);
    const double score = sum * (1.0 - kCentreBias * fromCentre);
    if (score > bestScore ||
        (score == bestScore && std::abs(offset - travel / 2) < std::abs(best - travel / 2))) {
      bestScore = score;
      best = offset;
    }
  }
  const int fullTravel = (landscape ? full.width : full.height) - fullSide;
  const int offset =
      travel == 0 ? fullTravel / 2
                  : static_cast<int>(std::lround(static_cast<double>(best) * fullTravel / travel));
  const int clamped = std::clamp(offset, 0, fullTravel);
  return landscape ? SquareWindow{clamped, 0, fullSide} : SquareWindow{0, clamped, fullSide};
}

}  // namespace userimg::image
