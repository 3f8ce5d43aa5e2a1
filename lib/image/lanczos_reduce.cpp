#include "image/lanczos_reduce.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace userimg::image {

namespace detail {

// What vips_reduceh_build and vips_reduceh_gen compute for one image width:
// the masks and, for each output pixel, where its taps start and which mask
// they take; and a row of one channel with its edge copies.
struct Lanczos3Taps {
  int width = 0;
  int channels = 0;
  int points = 0;                   // taps per output pixel
  int padded = 0;                   // points rounded up to whole multiply-adds
  int leftPad = 0;                  // edge copies before the first pixel (vips_embed's x)
  std::vector<std::int16_t> masks;  // kSubpixels + 1 masks of `padded`, zero past `points`
  std::vector<int> first;           // per output pixel: its first tap in a padded row
  std::vector<int> mask;            // per output pixel: its mask's offset in `masks`
  // One channel of a row with its edge copies (vips_embed's extend copy),
  // long enough for the last pixel's padded mask.
  std::vector<std::int16_t> plane;
};

}  // namespace detail

namespace {

using Taps = detail::Lanczos3Taps;

// libvips 8.14's constants, by their libvips names.
constexpr int kSubpixels = 64;                  // VIPS_TRANSFORM_SCALE: masks between two pixels
constexpr int kFixedShift = 12;                 // VIPS_INTERPOLATE_SHIFT: the masks' fixed point
constexpr int kMaxPoints = 2000;                // MAX_POINT (resample/presample.h)
constexpr double kGap = 2.0;                    // vips_resize's default reducing gap
constexpr double kPi = 3.14159265358979323846;  // VIPS_PI

// 16-bit samples per multiply-add.
constexpr int kLanes = 8;

// libvips' calculate_coefficients_lanczos (resample/templates.h) for a = 3,
// operation for operation, so that the doubles are the same bits: `points`
// weights for a sample `x` (0-1) past the pixel the mask starts from,
// normalised to sum to 1.
void lanczos3Mask(double* mask, int points, double shrink, double x) {
  constexpr int a = 3;
  const double half = x + points / 2.0 - 1;
  double sum = 0;
  for (int i = 0; i < points; ++i) {
    const double xp = (i - half) / shrink;
    double weight = 0.0;
    if (xp == 0.0) {
      weight = 1.0;
    } else if (xp >= -a && xp <= a) {
      weight = static_cast<double>(a) * std::sin(kPi * xp) * std::sin(kPi * xp / a) /
               (kPi * kPi * xp * xp);
    }
    mask[i] = weight;
    sum += weight;
  }
  for (int i = 0; i < points; ++i) mask[i] /= sum;
}

std::optional<Taps> tapsFor(int width, int reduced, double hshrink) {
  Taps taps;
  taps.points = static_cast<int>(2 * std::rint(3 * hshrink) + 1);
  if (taps.points > kMaxPoints) return std::nullopt;
  taps.padded = (taps.points + kLanes - 1) / kLanes * kLanes;
  taps.leftPad = static_cast<int>(std::ceil(taps.points / 2.0)) - 1;
  taps.masks.assign(static_cast<std::size_t>(kSubpixels + 1) * taps.padded, 0);
  std::vector<double> weights(taps.points);
  for (int x = 0; x <= kSubpixels; ++x) {
    lanczos3Mask(weights.data(), taps.points, hshrink, static_cast<float>(x) / kSubpixels);
    for (int i = 0; i < taps.points; ++i) {
      const int fixed = static_cast<int>(weights[i] * (1 << kFixedShift));
      if (fixed < std::numeric_limits<std::int16_t>::min() ||
          fixed > std::numeric_limits<std::int16_t>::max()) {
        return std::nullopt;
      }
      taps.masks[static_cast<std::size_t>(x) * taps.padded + i] = static_cast<std::int16_t>(fixed);
    }
  }
  // Rounding down discards input pixels, rounding up invents them: the
  // origin moves by half of that, so that both edges lose or gain alike.
  const double extra = reduced * hshrink - width;
  const double offset = (1 + extra) / 2.0 - 1;
  taps.first.resize(reduced);
  taps.mask.resize(reduced);
  double position = 0.5 * hshrink - 0.5 - offset;  // accumulated as libvips does
  for (int x = 0; x < reduced; ++x) {
    taps.first[x] = static_cast<int>(position);
    const int subpixel = static_cast<int>(position * kSubpixels * 2);
    taps.mask[x] = (((subpixel & (kSubpixels * 2 - 1)) + 1) >> 1) * taps.padded;
    position += hshrink;
  }
  return taps;
}

std::uint8_t rounded(int sum) {
  return static_cast<std::uint8_t>(
      std::clamp((sum + (1 << (kFixedShift - 1))) >> kFixedShift, 0, 255));
}

// One channel's row: `plane` (16-bit samples, edge copies included) through
// the taps into every `channels`-th byte of `out`. Plain C++ for any length.
void reducePlane(const Taps& taps, const std::int16_t* plane, std::uint8_t* out, int channels,
                 int from, int to) {
  for (int x = from; x < to; ++x) {
    const std::int16_t* sample = plane + taps.first[x];
    const std::int16_t* mask = taps.masks.data() + taps.mask[x];
    int sum = 0;
    for (int i = 0; i < taps.padded; ++i) sum += mask[i] * sample[i];
    out[static_cast<std::size_t>(x) * channels] = rounded(sum);
  }
}

#if defined(__SSE2__)
// reducePlane for masks of `Blocks` multiply-adds, four output pixels at a
// time: each pixel's 8-lane sums are folded into one lane by a transpose.
template <int Blocks>
void reducePlaneSse2(const Taps& taps, const std::int16_t* plane, std::uint8_t* out, int channels) {
  const int reduced = static_cast<int>(taps.first.size());
  const __m128i half = _mm_set1_epi32(1 << (kFixedShift - 1));
  int x = 0;
  for (; x + 4 <= reduced; x += 4) {
    __m128i sums[4];
    for (int k = 0; k < 4; ++k) {
      const std::int16_t* sample = plane + taps.first[x + k];
      const std::int16_t* mask = taps.masks.data() + taps.mask[x + k];
      __m128i sum = _mm_setzero_si128();
      for (int block = 0; block < Blocks; ++block) {
        const __m128i s =
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(sample + block * kLanes));
        const __m128i m = _mm_loadu_si128(reinterpret_cast<const __m128i*>(mask + block * kLanes));
        sum = _mm_add_epi32(sum, _mm_madd_epi16(s, m));
      }
      sums[k] = sum;
    }
    const __m128i low01 = _mm_unpacklo_epi32(sums[0], sums[1]);
    const __m128i high01 = _mm_unpackhi_epi32(sums[0], sums[1]);
    const __m128i low23 = _mm_unpacklo_epi32(sums[2], sums[3]);
    const __m128i high23 = _mm_unpackhi_epi32(sums[2], sums[3]);
    const __m128i pairs01 = _mm_add_epi32(low01, high01);
    const __m128i pairs23 = _mm_add_epi32(low23, high23);
    __m128i four =
        _mm_add_epi32(_mm_unpacklo_epi64(pairs01, pairs23), _mm_unpackhi_epi64(pairs01, pairs23));
    four = _mm_srai_epi32(_mm_add_epi32(four, half), kFixedShift);
    four = _mm_packs_epi32(four, four);   // to 16 bits, saturating
    four = _mm_packus_epi16(four, four);  // to 0-255, saturating: the clip
    const auto bytes = static_cast<std::uint32_t>(_mm_cvtsi128_si32(four));
    for (int k = 0; k < 4; ++k) {
      out[static_cast<std::size_t>(x + k) * channels] = static_cast<std::uint8_t>(bytes >> (8 * k));
    }
  }
  reducePlane(taps, plane, out, channels, x, reduced);
}
#endif

void reduceRow(const Taps& taps, const std::int16_t* plane, std::uint8_t* out, int channels) {
#if defined(__SSE2__)
  switch (taps.padded / kLanes) {
    case 1:
      return reducePlaneSse2<1>(taps, plane, out, channels);
    case 2:
      return reducePlaneSse2<2>(taps, plane, out, channels);
    case 3:
      return reducePlaneSse2<3>(taps, plane, out, channels);
    case 4:
      return reducePlaneSse2<4>(taps, plane, out, channels);
    default:
      break;
  }
#endif
  reducePlane(taps, plane, out, channels, 0, static_cast<int>(taps.first.size()));
}

}  // namespace

int reducedWidth(int width, double hshrink) {
  return static_cast<int>(static_cast<double>(width) / hshrink + 0.5);  // VIPS_ROUND_UINT
}

std::optional<Lanczos3Rows> Lanczos3Rows::make(int width, int channels, double hshrink) {
  if (!(hshrink > 1.0) || width < 1 || channels < 1 || channels > 4) return std::nullopt;
  const int reduced = image::reducedWidth(width, hshrink);
  if (reduced < 1) return std::nullopt;
  if (std::floor(static_cast<double>(width) / reduced / kGap) > 1) return std::nullopt;
  auto taps = tapsFor(width, reduced, hshrink);
  if (!taps) return std::nullopt;
  taps->width = width;
  taps->channels = channels;
  taps->plane.resize(static_cast<std::size_t>(width) + taps->points + taps->padded);
  return Lanczos3Rows(std::make_unique<Taps>(std::move(taps.value())));
}

Lanczos3Rows::Lanczos3Rows(std::unique_ptr<detail::Lanczos3Taps> taps) : taps_(std::move(taps)) {}
Lanczos3Rows::Lanczos3Rows(Lanczos3Rows&&) noexcept = default;
Lanczos3Rows& Lanczos3Rows::operator=(Lanczos3Rows&&) noexcept = default;
Lanczos3Rows::~Lanczos3Rows() = default;

int Lanczos3Rows::width() const {
  return taps_->width;
}
int Lanczos3Rows::reducedWidth() const {
  return static_cast<int>(taps_->first.size());
}
int Lanczos3Rows::channels() const {
  return taps_->channels;
}

void Lanczos3Rows::reduce(const PixelView& rows, std::uint8_t* out, std::size_t outStride) {
  Taps& taps = *taps_;
  const int width = taps.width;
  const int channels = taps.channels;
  std::vector<std::int16_t>& plane = taps.plane;
  for (int y = 0; y < rows.height; ++y) {
    const std::uint8_t* row = rows.pixel(0, y);
    std::uint8_t* outRow = out + static_cast<std::size_t>(y) * outStride;
    for (int c = 0; c < channels; ++c) {
      const std::int16_t firstSample = row[c];
      const std::int16_t lastSample = row[static_cast<std::size_t>(width - 1) * channels + c];
      std::fill_n(plane.begin(), taps.leftPad, firstSample);
      for (int x = 0; x < width; ++x) {
        plane[taps.leftPad + x] = row[static_cast<std::size_t>(x) * channels + c];
      }
      std::fill(plane.begin() + taps.leftPad + width, plane.end(), lastSample);
      reduceRow(taps, plane.data(), outRow + c, channels);
    }
  }
}

std::optional<ShrunkPixels> lanczos3ReduceWidth(const PixelView& pixels, double hshrink) {
  auto rows = Lanczos3Rows::make(pixels.width, pixels.channels, hshrink);
  if (!rows) return std::nullopt;
  ShrunkPixels out;
  out.width = rows->reducedWidth();
  out.height = pixels.height;
  out.channels = pixels.channels;
  const std::size_t stride = static_cast<std::size_t>(out.width) * out.channels;
  out.data.resize(stride * out.height);
  rows->reduce(pixels, out.data.data(), stride);
  return out;
}

}  // namespace userimg::image
