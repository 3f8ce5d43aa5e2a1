#include "image/placeholder/blurhash.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace userimg::image::placeholder {
namespace {

constexpr std::string_view kAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
static_assert(kAlphabet.size() == 83);

// Header characters, then DC (4), then 2 a component.
constexpr std::size_t kHeaderLength = 2;
constexpr std::size_t kDcLength = 4;
constexpr std::size_t kAcLength = 2;
// An AC term is three 19-level values, 19^3 - 1 at most (83^2 - 1 = 6888 is
// more); a DC term is 24-bit RGB.
constexpr std::int32_t kMaxAcValue = 19 * 19 * 19 - 1;
constexpr std::int32_t kMaxDcValue = 0xFFFFFF;

double srgbToLinearExact(double v) {
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

// 8-bit sRGB -> linear light, for every value.
const std::array<double, 256>& linearOf() {
  static const std::array<double, 256> table = [] {
    std::array<double, 256> t{};
    for (int i = 0; i < 256; ++i) t[i] = srgbToLinearExact(i / 255.0);
    return t;
  }();
  return table;
}

// Linear light -> 8-bit sRGB, rounded to nearest as the reference encoders
// do (floor(sRGB(v) x 255 + 0.5), v clamped to 0-1): entry k - 1 is the
// linear value at which the result steps from k - 1 to k, the sRGB midpoint
// (k - 0.5) / 255 taken back to linear. A binary search in it gives the same
// byte as the formula without a pow() a pixel.
const std::array<double, 255>& stepsToSrgb() {
  static const std::array<double, 255> table = [] {
    std::array<double, 255> t{};
    for (int k = 1; k <= 255; ++k) t[k - 1] = srgbToLinearExact((k - 0.5) / 255.0);
    return t;
  }();
  return table;
}

std::uint8_t linearToSrgb(double v) {
  const auto& steps = stepsToSrgb();
  return static_cast<std::uint8_t>(std::upper_bound(steps.begin(), steps.end(), v) - steps.begin());
}

// Composited onto white (in sRGB, like vips_flatten) when the pixel has alpha.
std::uint8_t onWhite(std::uint8_t value, std::uint8_t alpha) {
  return static_cast<std::uint8_t>((value * alpha + 255 * (255 - alpha) + 127) / 255);
}

// cos(pi x i x p / size) for each position p and component i, at
// p x components + i. (At p / size, not at pixel centres (p + 0.5) / size:
// the reference implementations sample there, and hashes must match theirs.)
std::vector<double> cosines(int components, int size) {
  std::vector<double> table(static_cast<std::size_t>(components) * size);
  for (int p = 0; p < size; ++p) {
    for (int i = 0; i < components; ++i) {
      table[static_cast<std::size_t>(p) * components + i] =
          std::cos(std::numbers::pi * i * p / static_cast<double>(size));
    }
  }
  return table;
}

using Rgb = std::array<double, 3>;

// The DCT factors, component (i, j) at j x componentsX + i. Separable: each
// row is first reduced to componentsX sums, then those are weighted by the
// row's cosines for each j.
std::vector<Rgb> factorsOf(const PixelView& pixels, int componentsX, int componentsY) {
  const auto& linear = linearOf();
  const std::vector<double> cosX = cosines(componentsX, pixels.width);
  const std::vector<double> cosY = cosines(componentsY, pixels.height);
  std::vector<Rgb> factors(static_cast<std::size_t>(componentsX) * componentsY, Rgb{});
  std::vector<Rgb> rowSums(componentsX);
  const int green = pixels.channels < 3 ? 0 : 1;  // grey: one value for all three
  const int blue = pixels.channels < 3 ? 0 : 2;
  const bool hasAlpha = pixels.channels % 2 == 0;
  for (int y = 0; y < pixels.height; ++y) {
    const std::uint8_t* row = pixels.data + static_cast<std::size_t>(y) * pixels.stride;
    std::fill(rowSums.begin(), rowSums.end(), Rgb{});
    for (int x = 0; x < pixels.width; ++x) {
      const std::uint8_t* p = row + static_cast<std::size_t>(x) * pixels.channels;
      std::uint8_t rgb[3] = {p[0], p[green], p[blue]};
      if (hasAlpha && p[pixels.channels - 1] != 255) {
        for (std::uint8_t& v : rgb) v = onWhite(v, p[pixels.channels - 1]);
      }
      const Rgb value{linear[rgb[0]], linear[rgb[1]], linear[rgb[2]]};
      const double* basis = &cosX[static_cast<std::size_t>(x) * componentsX];
      for (int i = 0; i < componentsX; ++i) {
        for (int c = 0; c < 3; ++c) rowSums[i][c] += basis[i] * value[c];
      }
    }
    for (int j = 0; j < componentsY; ++j) {
      const double basis = cosY[static_cast<std::size_t>(y) * componentsY + j];
      for (int i = 0; i < componentsX; ++i) {
        for (int c = 0; c < 3; ++c) factors[j * componentsX + i][c] += basis * rowSums[i][c];
      }
    }
  }
  // The DC term is the mean; the others carry the DCT's factor of 2.
  const double pixelCount = static_cast<double>(pixels.width) * pixels.height;
  for (std::size_t k = 0; k < factors.size(); ++k) {
    const double scale = (k == 0 ? 1.0 : 2.0) / pixelCount;
    for (double& v : factors[k]) v *= scale;
  }
  return factors;
}

// sign(v) x |v|^exponent
double signedPow(double v, double exponent) {
  return std::copysign(std::pow(std::abs(v), exponent), v);
}

std::uint32_t encodeAc(const Rgb& value, double maximum) {
  std::uint32_t encoded = 0;
  for (double v : value) {
    const double level = std::floor(signedPow(v / maximum, 0.5) * 9 + 9.5);
    encoded = encoded * 19 + static_cast<std::uint32_t>(std::clamp(level, 0.0, 18.0));
  }
  return encoded;
}

Rgb decodeAc(std::int32_t value, double maximum) {
  const std::int32_t levels[3] = {value / (19 * 19), value / 19 % 19, value % 19};
  Rgb rgb{};
  for (int c = 0; c < 3; ++c) rgb[c] = signedPow((levels[c] - 9) / 9.0, 2.0) * maximum;
  return rgb;
}

core::Status checkComponents(int componentsX, int componentsY) {
  const auto inRange = [](int n) { return n >= kMinComponents && n <= kMaxComponents; };
  if (inRange(componentsX) && inRange(componentsY)) return core::Status::ok();
  return core::Status::invalidArgument("BlurHash components must be 1-9 along each axis; got " +
                                       std::to_string(componentsX) + "x" +
                                       std::to_string(componentsY));
}

}  // namespace

core::Status checkPixelView(const PixelView& pixels) {
  if (pixels.width <= 0 || pixels.height <= 0) {
    return core::Status::invalidArgument("Pixel view is " + std::to_string(pixels.width) + "x" +
                                         std::to_string(pixels.height) + "; it needs a pixel");
  }
  if (pixels.channels < 1 || pixels.channels > 4) {
    return core::Status::invalidArgument("Pixel view has " + std::to_string(pixels.channels) +
                                         " channels; it needs 1 to 4 (grey, grey and alpha, "
                                         "RGB, RGBA)");
  }
  const std::size_t rowBytes = static_cast<std::size_t>(pixels.width) * pixels.channels;
  if (pixels.stride < rowBytes) {
    return core::Status::invalidArgument("Pixel view's stride is " + std::to_string(pixels.stride) +
                                         " bytes; a row needs " + std::to_string(rowBytes));
  }
  if (pixels.data == nullptr) return core::Status::invalidArgument("Pixel view has no data");
  return core::Status::ok();
}

core::Result<std::string> blurhashEncode(const PixelView& pixels, int componentsX,
                                         int componentsY) {
  if (core::Status status = checkComponents(componentsX, componentsY); !status.isOk()) {
    return status;
  }
  if (core::Status status = checkPixelView(pixels); !status.isOk()) return status;

  const std::vector<Rgb> factors = factorsOf(pixels, componentsX, componentsY);
  std::string hash = base83Encode((componentsX - 1) + (componentsY - 1) * 9, 1);

  // The AC terms are scaled by their largest magnitude, quantised to 83
  // steps of 1/166 (the reference encoders' rounding, so that hashes match).
  double maximum = 1;
  if (factors.size() > 1) {
    double largest = 0;
    for (std::size_t k = 1; k < factors.size(); ++k) {
      for (double v : factors[k]) largest = std::max(largest, std::abs(v));
    }
    const int quantised = static_cast<int>(std::clamp(std::floor(largest * 166 - 0.5), 0.0, 82.0));
    maximum = (quantised + 1) / 166.0;
    hash += base83Encode(quantised, 1);
  } else {
    hash += base83Encode(0, 1);
  }

  const Rgb& dc = factors[0];
  hash += base83Encode((std::uint32_t{linearToSrgb(dc[0])} << 16) |
                           (std::uint32_t{linearToSrgb(dc[1])} << 8) | linearToSrgb(dc[2]),
                       4);
  for (std::size_t k = 1; k < factors.size(); ++k) {
    hash += base83Encode(encodeAc(factors[k], maximum), 2);
  }
  return hash;
}

core::Result<std::vector<std::uint8_t>> blurhashDecode(std::string_view hash, int width,
                                                       int height) {
  if (width < 1 || width > kMaxDecodeSide || height < 1 || height > kMaxDecodeSide) {
    return core::Status::invalidArgument("BlurHash decode size must be 1-" +
                                         std::to_string(kMaxDecodeSide) + " a side; got " +
                                         std::to_string(width) + "x" + std::to_string(height));
  }
  const auto notBlurhash = [&](const std::string& why) {
    return core::Status::invalidArgument("Not a BlurHash: " + why);
  };
  const std::int32_t sizeFlag = base83Decode(hash.substr(0, 1));
  if (sizeFlag < 0 || sizeFlag > 80) return notBlurhash("bad size character");
  const int componentsX = sizeFlag % 9 + 1;
  const int componentsY = sizeFlag / 9 + 1;
  const std::size_t components = static_cast<std::size_t>(componentsX) * componentsY;
  const std::size_t length = kHeaderLength + kDcLength + (components - 1) * kAcLength;
  if (hash.size() != length) {
    return notBlurhash(std::to_string(hash.size()) + " characters where its size character says " +
                       std::to_string(length));
  }

  const std::int32_t quantised = base83Decode(hash.substr(1, 1));
  const std::int32_t dcValue = base83Decode(hash.substr(kHeaderLength, kDcLength));
  if (quantised < 0 || dcValue < 0) return notBlurhash("a character outside base 83");
  if (dcValue > kMaxDcValue) return notBlurhash("DC value beyond 24-bit RGB");
  const auto& linear = linearOf();
  std::vector<Rgb> colours(components);
  colours[0] = {linear[dcValue >> 16], linear[(dcValue >> 8) & 0xFF], linear[dcValue & 0xFF]};
  const double maximum = (quantised + 1) / 166.0;
  for (std::size_t k = 1; k < components; ++k) {
    const std::int32_t value =
        base83Decode(hash.substr(kHeaderLength + kDcLength + (k - 1) * kAcLength, kAcLength));
    if (value < 0) return notBlurhash("a character outside base 83");
    if (value > kMaxAcValue) return notBlurhash("AC value beyond 19 levels a channel");
    colours[k] = decodeAc(value, maximum);
  }

  const std::vector<double> cosX = cosines(componentsX, width);
  const std::vector<double> cosY = cosines(componentsY, height);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(width) * height * 3);
  std::uint8_t* p = out.data();
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      Rgb sum{};
      for (int j = 0; j < componentsY; ++j) {
        for (int i = 0; i < componentsX; ++i) {
          const double basis = cosX[static_cast<std::size_t>(x) * componentsX + i] *
                               cosY[static_cast<std::size_t>(y) * componentsY + j];
          for (int c = 0; c < 3; ++c) sum[c] += basis * colours[j * componentsX + i][c];
        }
      }
      for (int c = 0; c < 3; ++c) *p++ = linearToSrgb(sum[c]);
    }
  }
  return out;
}

std::string base83Encode(std::uint32_t value, int digits) {
  std::string out(static_cast<std::size_t>(std::clamp(digits, 1, 4)), '0');
  for (auto it = out.rbegin(); it != out.rend(); ++it) {
    *it = kAlphabet[value % 83];
    value /= 83;
  }
  return out;
}

std::int32_t base83Decode(std::string_view digits) {
  if (digits.empty() || digits.size() > 4) return -1;
  std::int32_t value = 0;
  for (char c : digits) {
    const std::size_t digit = kAlphabet.find(c);
    if (digit == std::string_view::npos) return -1;
    value = value * 83 + static_cast<std::int32_t>(digit);
  }
  return value;
}

}  // namespace userimg::image::placeholder
