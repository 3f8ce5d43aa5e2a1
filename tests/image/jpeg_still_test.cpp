// JPEG encoded by libjpeg directly (image/jpeg_still.h): the very file
// libvips' jpegsave writes for a variant (same bytes, at each quality and
// for grey and colour), 4:2:0 below quality 90 and 4:4:4 from it, no
// metadata marker, any row stride, a clear failure for what JPEG cannot
// hold; and the variants' encoder (image/vips_codec.h) giving a still in
// memory that file while an interlaced or transparent one still goes
// through libvips.
#include "image/jpeg_still.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <string>
#include <vector>

#include "image/vips_codec.h"
#include "image/vips_pixels.h"
#include "image_fixtures.h"

namespace userimg::image {
namespace {

using namespace testing;

using Bytes = std::vector<std::uint8_t>;

// One marker segment of a JPEG file: its code (0xD8 for SOI, 0xC0 for SOF0,
// ...) and its payload (without the length bytes).
struct Segment {
  int code = 0;
  Bytes payload;
};

// The segments of `file` up to and including SOS (the entropy-coded data
// after it is not parsed).
std::vector<Segment> segmentsOf(const Bytes& file) {
  std::vector<Segment> out;
  CPPUNIT_ASSERT(file.size() >= 4 && file[0] == 0xFF && file[1] == 0xD8);
  CPPUNIT_ASSERT(file[file.size() - 2] == 0xFF && file[file.size() - 1] == 0xD9);
  out.push_back({0xD8, {}});
  for (std::size_t at = 2; at + 4 <= file.size();) {
    CPPUNIT_ASSERT_EQUAL(0xFF, int{file[at]});
    const int code = file[at + 1];
    const std::size_t length = (std::size_t{file[at + 2]} << 8) | file[at + 3];
    CPPUNIT_ASSERT(length >= 2 && at + 2 + length <= file.size());
    out.push_back({code, Bytes(file.begin() + at + 4, file.begin() + at + 2 + length)});
    if (code == 0xDA) break;
    at += 2 + length;
  }
  return out;
}

Segment frameOf(const std::vector<Segment>& segments) {
  for (const Segment& segment : segments) {
    if (segment.code >= 0xC0 && segment.code <= 0xC2) return segment;
  }
  CPPUNIT_FAIL("no SOF marker");
  return segments.front();
}

// The sampling factors of each component in the frame header, as "21" for
// h = 2, v = 1.
std::vector<std::string> samplingOf(const Bytes& file) {
  const Segment frame = frameOf(segmentsOf(file));
  std::vector<std::string> out;
  for (int i = 0; i < frame.payload[5]; ++i) {
    const int factors = frame.payload[6 + 3 * i + 1];
    out.push_back(std::to_string(factors >> 4) + std::to_string(factors & 15));
  }
  return out;
}

// What libvips' jpegsave writes with the options a variant is saved with.
Bytes viaJpegsave(VipsImage* image, int quality) {
  void* data = nullptr;
  std::size_t size = 0;
  CPPUNIT_ASSERT_EQUAL(0,
                       vips_jpegsave_buffer(image, &data, &size, "Q", quality, "interlace", FALSE,
                                            "optimize_coding", TRUE, "strip", TRUE, nullptr));
  auto* bytes = static_cast<std::uint8_t*>(data);
  Bytes out(bytes, bytes + size);
  g_free(data);
  return out;
}

Bytes ours(VipsImage* image, int quality) {
  auto file = encodeJpegStill(detail::viewOf(image), quality);
  CPPUNIT_ASSERT(file.has_value());
  return *file;
}

Bytes bytesOf(const detail::Encoded& encoded) {
  return Bytes(encoded.buffer.bytes(), encoded.buffer.bytes() + encoded.buffer.size);
}

class JpegStillTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(JpegStillTest);
  CPPUNIT_TEST(testFileIsLibvipsJpegsaves);
  CPPUNIT_TEST(testChromaSubsampledBelowQuality90);
  CPPUNIT_TEST(testQualityIsApplied);
  CPPUNIT_TEST(testFileHasNoMetadataMarker);
  CPPUNIT_TEST(testRowsApartByAnyStride);
  CPPUNIT_TEST(testRefusesWhatJpegCannotHold);
  CPPUNIT_TEST(testVariantEncoderGivesStillsInMemoryTheSameFile);
  CPPUNIT_TEST(testInterlacedOrTransparentGoThroughLibvips);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { ensureLibrary(); }

  void testFileIsLibvipsJpegsaves() {
    for (const int bands : {1, 3}) {
      for (const int side : {1, 64, 129}) {
        Image image = noiseInMemory(side, side == 1 ? 1 : side - 7, bands);
        for (const int quality : {1, 50, 85, 89, 90, 100}) {
          const std::string what = std::to_string(bands) + " bands, " + std::to_string(side) +
                                   " px, quality " + std::to_string(quality);
          CPPUNIT_ASSERT_MESSAGE(what,
                                 viaJpegsave(image.get(), quality) == ours(image.get(), quality));
        }
      }
    }
  }

  void testChromaSubsampledBelowQuality90() {
    Image image = noiseInMemory(64, 64, 3);
    CPPUNIT_ASSERT(
        (samplingOf(ours(image.get(), 89)) == std::vector<std::string>{"22", "11", "11"}));
    CPPUNIT_ASSERT(
        (samplingOf(ours(image.get(), 90)) == std::vector<std::string>{"11", "11", "11"}));
    Image grey = noiseInMemory(64, 64, 1);
    CPPUNIT_ASSERT((samplingOf(ours(grey.get(), 85)) == std::vector<std::string>{"11"}));
  }

  void testQualityIsApplied() {
    Image image = noiseInMemory(128, 128, 3);
    CPPUNIT_ASSERT_MESSAGE("quality 90 is not larger than 40",
                           ours(image.get(), 90).size() > ours(image.get(), 40).size());
    // Out of range: clamped to 1-100, as libvips' Q.
    CPPUNIT_ASSERT(ours(image.get(), 0) == ours(image.get(), 1));
    CPPUNIT_ASSERT(ours(image.get(), 250) == ours(image.get(), 100));
  }

  void testFileHasNoMetadataMarker() {
    for (const int bands : {1, 3}) {
      Image image = noiseInMemory(40, 30, bands);
      const Bytes file = ours(image.get(), 85);
      const std::vector<Segment> segments = segmentsOf(file);
      CPPUNIT_ASSERT_EQUAL(0xC0, frameOf(segments).code);  // baseline
      for (const Segment& segment : segments) {
        const bool metadata =
            (segment.code >= 0xE0 && segment.code <= 0xEF) || segment.code == 0xFE;
        CPPUNIT_ASSERT_MESSAGE(std::to_string(segment.code), !metadata);
      }
    }
  }

  void testRowsApartByAnyStride() {
    for (const int bands : {1, 3}) {
      const ImageWindow window = windowOfNoise(bands);
      auto fromWindow = encodeJpegStill(window.view, 85);
      CPPUNIT_ASSERT(fromWindow.has_value());
      CPPUNIT_ASSERT(*fromWindow == ours(window.packed.get(), 85));
    }
  }

  void testRefusesWhatJpegCannotHold() {
    const std::vector<std::uint8_t> pixels(16 * 16 * 4, 128);
    for (const int channels : {0, 2, 4}) {
      const PixelView view{16, 16, channels, 16 * 4, pixels.data()};
      CPPUNIT_ASSERT_MESSAGE(std::to_string(channels), !encodeJpegStill(view, 85).has_value());
    }
    // Wider than JPEG's 65500 px.
    const std::vector<std::uint8_t> row(65501, 128);
    CPPUNIT_ASSERT(!encodeJpegStill(PixelView{65501, 1, 1, 65501, row.data()}, 85));
    CPPUNIT_ASSERT(encodeJpegStill(PixelView{65500, 1, 1, 65501, row.data()}, 85));
  }

  void testVariantEncoderGivesStillsInMemoryTheSameFile() {
    for (const int bands : {1, 3}) {
      Image held = noiseInMemory(64, 64, bands);
      auto encoded = detail::encode(held.get(), detail::OutputFormat::kJpeg, 85, false);
      CPPUNIT_ASSERT(encoded.ok());
      CPPUNIT_ASSERT(bytesOf(*encoded) == ours(held.get(), 85));
      CPPUNIT_ASSERT(bytesOf(*encoded) == viaJpegsave(held.get(), 85));
      CPPUNIT_ASSERT(encoded->format == detail::OutputFormat::kJpeg);
      CPPUNIT_ASSERT_EQUAL(64, encoded->width);
      CPPUNIT_ASSERT_EQUAL(64, encoded->height);
      CPPUNIT_ASSERT_EQUAL(1, encoded->frames);
    }
  }

  void testInterlacedOrTransparentGoThroughLibvips() {
    // Interlaced (a main image's encoding): libvips' progressive JPEG.
    Image held = noiseInMemory(64, 64, 3);
    auto progressive = detail::encode(held.get(), detail::OutputFormat::kJpeg, 85, true);
    CPPUNIT_ASSERT(progressive.ok());
    CPPUNIT_ASSERT_EQUAL(0xC2, frameOf(segmentsOf(bytesOf(*progressive))).code);
    // With alpha: flattened onto white by libvips, then saved as colour.
    Image transparent = noiseInMemory(32, 32, 4);
    auto flat = detail::encode(transparent.get(), detail::OutputFormat::kJpeg, 85, false);
    CPPUNIT_ASSERT(flat.ok());
    const Segment frame = frameOf(segmentsOf(bytesOf(*flat)));
    CPPUNIT_ASSERT_EQUAL(0xC0, frame.code);
    CPPUNIT_ASSERT_EQUAL(3, int{frame.payload[5]});
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(JpegStillTest, "image");

}  // namespace
}  // namespace userimg::image
