#pragma once
// Test fixtures for tests/image: images generated with libvips or written
// byte by byte at test time, in a temporary directory removed afterwards.

#include <vips/vips.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/images_config.h"
#include "image/pixel_view.h"

namespace userimg::image::testing {

// A directory made with mkdtemp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }
  // Names of the files in the directory.
  std::vector<std::string> files() const;

 private:
  std::filesystem::path path_;
};

struct Unref {
  void operator()(VipsImage* image) const {
    if (image != nullptr) g_object_unref(image);
  }
};
using Image = std::unique_ptr<VipsImage, Unref>;

// Starts libvips for the tests (initImageLibrary with default settings);
// asserts on failure.
void ensureLibrary();

// `config` with no sibling formats ([images] sibling_formats =): variants
// in the image's own format only.
config::ImagesConfig withoutSiblings(config::ImagesConfig config);

// `width` x `height` sRGB noise over a gradient (not flat, so that encoders
// and attention crop have work to do), 3 bands, or 4 with a gradient alpha.
Image noiseImage(int width, int height, bool alpha = false);
// `image` as 8-bit pixels held in memory, as a variant is.
Image heldInMemory(VipsImage* image);
// The pixels of `image` (any format), computed into memory and copied out:
// what two images are compared by, byte for byte.
std::vector<std::uint8_t> pixelBytes(VipsImage* image);
// noiseImage() held in memory with `bands` bands: 1 (grey), 2 (grey,
// alpha), 3 (sRGB) or 4 (sRGB, alpha).
Image noiseInMemory(int width, int height, int bands);
// A 50 x 30 window at (13, 5) of a 90 x 40 noiseInMemory() of `bands`
// bands, twice: `view` borrows it in place from `wide` (rows further apart
// than they are long), `packed` holds the same pixels packed.
struct ImageWindow {
  Image wide;
  PixelView view;
  Image packed;
};
ImageWindow windowOfNoise(int bands);
// A solid image of `rgb`.
Image solidImage(int width, int height, int r, int g, int b);
// `frames` images of `width` x `height` stacked as an animation
// (page-height, delay and loop set), each a different colour.
Image animation(int width, int height, int frames);

// `width` x `height` of the red (200, 30, 30) in Display P3, tagged with the
// P3 profile (about sRGB (217, 0, 25)).
Image p3Red(int width, int height);
// Flat grey (128) `width` x `height` with a `detailWidth` wide strip of
// noiseImage() at x = `detailLeft`, the full height: where the detail draws
// the attention crop.
Image greyWithDetail(int width, int height, int detailLeft, int detailWidth);

// A `side` x `side` red square beside a blue one (2 x side wide), tagged
// with EXIF `orientation`: upright after orientation 6, red is on top.
Image redBesideBlue(int side, int orientation);

// Saves with libvips' saver for the suffix of `file` (".jpg", ".png",
// ".gif", ".webp", ".heic", ".tif"), plus `options` ("[Q=90,strip]").
void save(VipsImage* image, const std::filesystem::path& file, const std::string& options = "");
// Loads any image (all frames), asserting on failure.
Image load(const std::filesystem::path& file);

std::string readBytes(const std::filesystem::path& file);
void writeBytes(const std::filesystem::path& file, std::string_view bytes);
bool contains(std::string_view haystack, std::string_view needle);

// An APP1 Exif segment (marker included) with a GPS IFD: latitude, its
// reference and a map datum "GPS-TEST-DATUM"; with IFD0 Orientation set to
// `orientation` when it is not 0.
std::string gpsExifSegment(int orientation = 0);

// The GPSMapDatum string in gpsExifSegment(): long enough that compressed
// pixels never contain it by chance (a bare "GPS" turns up in about one
// random 100 KB file in 150).
inline constexpr std::string_view kGpsDatum = "GPS-TEST-DATUM";
// `jpeg` with `segment` inserted after its SOI marker.
std::string spliceAfterSoi(const std::string& jpeg, const std::string& segment);
// A PNG whose header claims `width` x `height` (8-bit grey) with a few rows
// of compressed zero pixels: a few kilobytes.
std::string bombPng(std::uint32_t width, std::uint32_t height);

// The standard deviation and the mean of all of `image`'s pixel values.
double deviation(VipsImage* image);
double average(VipsImage* image);

// The bands of the pixel at (x, y); asserts on failure.
std::vector<double> pixelAt(VipsImage* image, int x, int y);

// VmRSS of this process, in kilobytes.
long residentKilobytes();

}  // namespace userimg::image::testing
