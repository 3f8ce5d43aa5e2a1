#include "image_fixtures.h"

#include <cppunit/TestAssert.h>
#include <stdlib.h>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "image/image_library.h"
#include "image/vips_pixels.h"

namespace userimg::image::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "userimg-image-XXXXXX").string();
  CPPUNIT_ASSERT_MESSAGE("mkdtemp failed", ::mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::vector<std::string> TempDir::files() const {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path_)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

config::ImagesConfig withoutSiblings(config::ImagesConfig config) {
  config.siblingFormats.clear();
  return config;
}

void ensureLibrary() {
  const core::Status status = initImageLibrary(config::ImagesConfig{});
  CPPUNIT_ASSERT_MESSAGE(status.toString(), status.isOk());
}

namespace {

// Runs `operation`(&out) and owns its output; asserts on failure.
template <typename Operation>
Image make(const char* what, Operation operation) {
  VipsImage* image = nullptr;
  if (operation(&image) != 0) {
    std::string error = vips_error_buffer();
    vips_error_clear();
    CPPUNIT_FAIL(std::string(what) + ": " + error);
  }
  return Image(image);
}

}  // namespace

Image noiseImage(int width, int height, bool alpha) {
  Image noise = make("gaussnoise", [&](VipsImage** out) {
    return vips_gaussnoise(out, width, height, "sigma", 40.0, "mean", 0.0, nullptr);
  });
  Image ramp = make("xyz", [&](VipsImage** out) { return vips_xyz(out, width, height, nullptr); });
  // Bands: x gradient, y gradient, their sum: smooth structure plus noise.
  Image x =
      make("band", [&](VipsImage** out) { return vips_extract_band(ramp.get(), out, 0, nullptr); });
  Image y =
      make("band", [&](VipsImage** out) { return vips_extract_band(ramp.get(), out, 1, nullptr); });
  Image xs = make("linear", [&](VipsImage** out) {
    return vips_linear1(x.get(), out, 255.0 / width, 0.0, nullptr);
  });
  Image ys = make("linear", [&](VipsImage** out) {
    return vips_linear1(y.get(), out, 255.0 / height, 0.0, nullptr);
  });
  Image sum =
      make("add", [&](VipsImage** out) { return vips_add(xs.get(), ys.get(), out, nullptr); });
  Image half = make(
      "linear", [&](VipsImage** out) { return vips_linear1(sum.get(), out, 0.5, 0.0, nullptr); });
  VipsImage* bands[] = {xs.get(), ys.get(), half.get()};
  Image rgb =
      make("bandjoin", [&](VipsImage** out) { return vips_bandjoin(bands, out, 3, nullptr); });
  Image noisy =
      make("add", [&](VipsImage** out) { return vips_add(rgb.get(), noise.get(), out, nullptr); });
  Image result =
      make("cast", [&](VipsImage** out) { return vips_cast_uchar(noisy.get(), out, nullptr); });
  if (alpha) {
    Image a =
        make("cast", [&](VipsImage** out) { return vips_cast_uchar(xs.get(), out, nullptr); });
    result = make("bandjoin", [&](VipsImage** out) {
      return vips_bandjoin2(result.get(), a.get(), out, nullptr);
    });
  }
  return make("copy", [&](VipsImage** out) {
    return vips_copy(result.get(), out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr);
  });
}

Image heldInMemory(VipsImage* image) {
  Image uchar = make("cast", [&](VipsImage** out) { return vips_cast_uchar(image, out, nullptr); });
  Image held(vips_image_copy_memory(uchar.get()));
  CPPUNIT_ASSERT(held);
  return held;
}

std::vector<std::uint8_t> pixelBytes(VipsImage* image) {
  Image held(vips_image_copy_memory(image));
  CPPUNIT_ASSERT(held);
  const auto* data = static_cast<const std::uint8_t*>(VIPS_IMAGE_ADDR(held.get(), 0, 0));
  return {data, data + VIPS_IMAGE_SIZEOF_IMAGE(held.get())};
}

Image noiseInMemory(int width, int height, int bands) {
  Image colour = noiseImage(width, height, bands == 2 || bands == 4);
  if (bands >= 3) return heldInMemory(colour.get());
  Image grey = make("colourspace", [&](VipsImage** out) {
    return vips_colourspace(colour.get(), out, VIPS_INTERPRETATION_B_W, nullptr);
  });
  return heldInMemory(grey.get());
}

ImageWindow windowOfNoise(int bands) {
  ImageWindow window;
  window.wide = noiseInMemory(90, 40, bands);
  window.view = detail::viewOf(window.wide.get());
  window.view.data = window.view.pixel(13, 5);
  window.view.width = 50;
  window.view.height = 30;
  Image cut = make("extract_area", [&](VipsImage** out) {
    return vips_extract_area(window.wide.get(), out, 13, 5, 50, 30, nullptr);
  });
  window.packed = heldInMemory(cut.get());
  return window;
}

Image solidImage(int width, int height, int r, int g, int b) {
  Image black = make("black", [&](VipsImage** out) {
    return vips_black(out, width, height, "bands", 3, nullptr);
  });
  double zero[] = {0, 0, 0};
  double colour[] = {double(r), double(g), double(b)};
  Image coloured = make("linear", [&](VipsImage** out) {
    return vips_linear(black.get(), out, zero, colour, 3, nullptr);
  });
  Image cast =
      make("cast", [&](VipsImage** out) { return vips_cast_uchar(coloured.get(), out, nullptr); });
  return make("copy", [&](VipsImage** out) {
    return vips_copy(cast.get(), out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr);
  });
}

Image animation(int width, int height, int frames) {
  std::vector<Image> pages;
  std::vector<VipsImage*> raw;
  for (int i = 0; i < frames; ++i) {
    pages.push_back(solidImage(width, height, (i * 80) % 256, 255 - (i * 50) % 256, 60));
    raw.push_back(pages.back().get());
  }
  Image joined = make("join", [&](VipsImage** out) {
    return vips_arrayjoin(raw.data(), out, frames, "across", 1, nullptr);
  });
  Image copy = make("copy", [&](VipsImage** out) { return vips_copy(joined.get(), out, nullptr); });
  vips_image_set_int(copy.get(), "page-height", height);
  std::vector<int> delays(static_cast<std::size_t>(frames), 100);
  vips_image_set_array_int(copy.get(), "delay", delays.data(), frames);
  vips_image_set_int(copy.get(), "loop", 0);
  return copy;
}

void save(VipsImage* image, const fs::path& file, const std::string& options) {
  const std::string target = file.string() + options;
  if (vips_image_write_to_file(image, target.c_str(), nullptr) != 0) {
    std::string error = vips_error_buffer();
    vips_error_clear();
    CPPUNIT_FAIL("save " + target + ": " + error);
  }
}

Image load(const fs::path& file) {
  const std::string ext = file.extension().string();
  const bool pages = ext == ".gif" || ext == ".webp";
  VipsImage* image = pages ? vips_image_new_from_file(file.c_str(), "n", -1, nullptr)
                           : vips_image_new_from_file(file.c_str(), nullptr);
  return make("load", [&](VipsImage** out) {
    *out = image;
    return image == nullptr ? -1 : 0;
  });
}

std::string readBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const fs::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  CPPUNIT_ASSERT(out.good());
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

namespace {

void put16(std::string& out, unsigned value) {
  out.push_back(static_cast<char>((value >> 8) & 0xFF));
  out.push_back(static_cast<char>(value & 0xFF));
}
void put32(std::string& out, std::uint32_t value) {
  put16(out, value >> 16);
  put16(out, value & 0xFFFF);
}

// One IFD entry (big-endian TIFF): tag, type, count, value or offset.
void entry(std::string& out, unsigned tag, unsigned type, std::uint32_t count,
           std::uint32_t value) {
  put16(out, tag);
  put16(out, type);
  put32(out, count);
  put32(out, value);
}

void pngChunk(std::string& out, const char* type, const std::string& data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  std::string body = std::string(type, 4) + data;
  out += body;
  put32(out, static_cast<std::uint32_t>(
                 crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

}  // namespace

std::string gpsExifSegment(int orientation) {
  // TIFF header, IFD0 at 8 with GPSInfo (and Orientation when asked for).
  const std::uint32_t ifd0Entries = orientation != 0 ? 2 : 1;
  const std::uint32_t gpsIfd = 8 + 2 + 12 * ifd0Entries + 4;
  const std::uint32_t data = gpsIfd + 42;  // the GPS IFD: 2 + 3*12 + 4 bytes
  std::string tiff = "MM";
  put16(tiff, 42);
  put32(tiff, 8);
  put16(tiff, ifd0Entries);
  if (orientation != 0) {
    // Orientation, SHORT: big-endian, left-justified in the value field.
    entry(tiff, 0x0112, 3, 1, static_cast<std::uint32_t>(orientation) << 16);
  }
  entry(tiff, 0x8825, 4, 1, gpsIfd);  // GPSInfo, LONG
  put32(tiff, 0);                     // no next IFD
  const std::string datum(kGpsDatum);
  put16(tiff, 3);
  tiff.append("\x00\x01\x00\x02\x00\x00\x00\x02N\0\0\0", 12);  // GPSLatitudeRef "N"
  entry(tiff, 0x0002, 5, 3, data);                             // GPSLatitude, 3 RATIONAL
  entry(tiff, 0x0012, 2, static_cast<std::uint32_t>(datum.size() + 1), data + 24);  // GPSMapDatum
  put32(tiff, 0);
  for (std::uint32_t value : {48u, 1u, 51u, 1u, 30u, 1u}) put32(tiff, value);  // 48 51 30
  tiff += datum;
  tiff.push_back('\0');

  std::string segment = "\xFF\xE1";
  put16(segment, static_cast<unsigned>(2 + 6 + tiff.size()));
  segment.append("Exif\0\0", 6);
  segment += tiff;
  return segment;
}

std::string spliceAfterSoi(const std::string& jpeg, const std::string& segment) {
  return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

std::string bombPng(std::uint32_t width, std::uint32_t height) {
  std::string png = "\x89PNG\r\n\x1A\n";
  std::string ihdr;
  put32(ihdr, width);
  put32(ihdr, height);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit grey, deflate, no filter, no interlace
  pngChunk(png, "IHDR", ihdr);
  const std::string rows(static_cast<std::size_t>(width + 1) * 64, '\0');  // 64 zero rows
  uLongf size = compressBound(rows.size());
  std::string compressed(size, '\0');
  CPPUNIT_ASSERT(compress2(reinterpret_cast<Bytef*>(compressed.data()), &size,
                           reinterpret_cast<const Bytef*>(rows.data()), rows.size(), 9) == Z_OK);
  compressed.resize(size);
  pngChunk(png, "IDAT", compressed);
  pngChunk(png, "IEND", "");
  return png;
}

Image p3Red(int width, int height) {
  Image red = solidImage(width, height, 200, 30, 30);
  return make("icc_transform", [&](VipsImage** out) {
    return vips_icc_transform(red.get(), out, "p3", "embedded", TRUE, nullptr);
  });
}

Image greyWithDetail(int width, int height, int detailLeft, int detailWidth) {
  Image flat = solidImage(width, height, 128, 128, 128);
  Image detail = noiseImage(detailWidth, height);
  return make("insert", [&](VipsImage** out) {
    return vips_insert(flat.get(), detail.get(), out, detailLeft, 0, nullptr);
  });
}

Image redBesideBlue(int side, int orientation) {
  Image red = solidImage(side, side, 255, 0, 0);
  Image blue = solidImage(side, side, 0, 0, 255);
  Image joined = make("join", [&](VipsImage** out) {
    return vips_join(red.get(), blue.get(), out, VIPS_DIRECTION_HORIZONTAL, nullptr);
  });
  Image tagged =
      make("copy", [&](VipsImage** out) { return vips_copy(joined.get(), out, nullptr); });
  vips_image_set_int(tagged.get(), "orientation", orientation);
  return tagged;
}

double deviation(VipsImage* image) {
  double value = 0;
  CPPUNIT_ASSERT(vips_deviate(image, &value, nullptr) == 0);
  return value;
}

double average(VipsImage* image) {
  double value = 0;
  CPPUNIT_ASSERT(vips_avg(image, &value, nullptr) == 0);
  return value;
}

std::vector<double> pixelAt(VipsImage* image, int x, int y) {
  double* values = nullptr;
  int n = 0;
  CPPUNIT_ASSERT(vips_getpoint(image, &values, &n, x, y, nullptr) == 0);
  std::vector<double> pixel(values, values + n);
  g_free(values);
  return pixel;
}

long residentKilobytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace userimg::image::testing
