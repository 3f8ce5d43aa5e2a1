// WebP encoded by libwebp directly (image/webp_still.h): the bitstream
// libvips' webpsave writes for the same pixels, no metadata, any row
// stride, and a clear failure for what libwebp cannot take; and the
// variants' encoder (image/vips_codec.h) taking that path for a still held
// in memory.
#include "image/webp_still.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "image/vips_codec.h"
#include "image/vips_pixels.h"
#include "image/webp_metadata.h"
#include "image_fixtures.h"

namespace userimg::image {
namespace {

using namespace testing;

using Bytes = std::vector<std::uint8_t>;

std::uint32_t le32(const std::uint8_t* at) {
  return at[0] | (at[1] << 8) | (at[2] << 16) | (static_cast<std::uint32_t>(at[3]) << 24);
}

// The fourcc of each chunk of a RIFF WebP file, in order.
std::vector<std::string> chunksOf(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> out;
  CPPUNIT_ASSERT(size >= 12 && std::memcmp(data, "RIFF", 4) == 0 &&
                 std::memcmp(data + 8, "WEBP", 4) == 0);
  CPPUNIT_ASSERT_EQUAL(static_cast<std::uint32_t>(size - 8), le32(data + 4));
  for (std::size_t at = 12; at < size;) {
    CPPUNIT_ASSERT(at + 8 <= size);
    const std::uint32_t length = le32(data + at + 4);
    out.emplace_back(reinterpret_cast<const char*>(data + at), 4);
    at += 8 + length + (length & 1);
    CPPUNIT_ASSERT(at <= size);
  }
  return out;
}

// The image chunks (ALPH, VP8, VP8L: headers and payloads) of a WebP file,
// concatenated: what two encoders of the same pixels must agree on, whatever
// container chunks they add around them.
Bytes bitstreamOf(const std::uint8_t* data, std::size_t size) {
  Bytes out;
  for (std::size_t at = 12; at + 8 <= size;) {
    const std::uint32_t length = le32(data + at + 4);
    const std::string fourcc(reinterpret_cast<const char*>(data + at), 4);
    const std::size_t end = at + 8 + length;
    if (fourcc == "ALPH" || fourcc == "VP8 " || fourcc == "VP8L") {
      out.insert(out.end(), data + at, data + end);
    }
    at = end + (length & 1);
  }
  return out;
}

// libvips' webpsave of `image`, its metadata stripped as userimg strips it.
Bytes viaWebpsave(VipsImage* image, int quality, int effort) {
  void* data = nullptr;
  std::size_t size = 0;
  const int failed = effort < 0 ? vips_webpsave_buffer(image, &data, &size, "Q", quality, nullptr)
                                : vips_webpsave_buffer(image, &data, &size, "Q", quality, "effort",
                                                       effort, nullptr);
  CPPUNIT_ASSERT_EQUAL(0, failed);
  auto* bytes = static_cast<std::uint8_t*>(data);
  Bytes out(bytes, bytes + stripWebpMetadata(bytes, size));
  g_free(data);
  return out;
}

Bytes ours(VipsImage* image, int quality, int effort) {
  auto file = encodeWebpStill(detail::viewOf(image), quality, effort);
  CPPUNIT_ASSERT(file.has_value());
  return *file;
}

Image decoded(const Bytes& file) {
  VipsImage* out = nullptr;
  CPPUNIT_ASSERT(vips_webpload_buffer(const_cast<std::uint8_t*>(file.data()), file.size(), &out,
                                      nullptr) == 0);
  Image image(out);
  return heldInMemory(image.get());
}

class WebpStillTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WebpStillTest);
  CPPUNIT_TEST(testBitstreamIsLibvipsWebpsaves);
  CPPUNIT_TEST(testQualityAndEffortAreApplied);
  CPPUNIT_TEST(testFileHasNoMetadataChunk);
  CPPUNIT_TEST(testKeepsAlphaAndSize);
  CPPUNIT_TEST(testRowsApartByAnyStride);
  CPPUNIT_TEST(testRefusesWhatLibwebpCannotTake);
  CPPUNIT_TEST(testVariantEncoderUsesItForStillsInMemory);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { ensureLibrary(); }

  void testBitstreamIsLibvipsWebpsaves() {
    for (const int bands : {1, 2, 3, 4}) {
      for (const int side : {64, 129}) {
        Image image = noiseInMemory(side, side - 7, bands);
        for (const int effort : {-1, 0, 2, 6}) {
          const std::string what = std::to_string(bands) + " bands, " + std::to_string(side) +
                                   " px, effort " + std::to_string(effort);
          const Bytes expected = viaWebpsave(image.get(), 80, effort);
          const Bytes actual = ours(image.get(), 80, effort);
          CPPUNIT_ASSERT_MESSAGE(what, !bitstreamOf(actual.data(), actual.size()).empty());
          CPPUNIT_ASSERT_MESSAGE(what, bitstreamOf(expected.data(), expected.size()) ==
                                           bitstreamOf(actual.data(), actual.size()));
        }
      }
    }
  }

  void testQualityAndEffortAreApplied() {
    Image image = noiseInMemory(128, 128, 3);
    const Bytes low = ours(image.get(), 40, 2);
    const Bytes high = ours(image.get(), 90, 2);
    CPPUNIT_ASSERT_MESSAGE("quality 90 is not larger than 40", high.size() > low.size());
    CPPUNIT_ASSERT(ours(image.get(), 80, 0) != ours(image.get(), 80, 6));
  }

  void testFileHasNoMetadataChunk() {
    for (const int bands : {1, 2, 3, 4}) {
      Image image = noiseInMemory(40, 30, bands);
      const Bytes file = ours(image.get(), 80, 2);
      for (const std::string& fourcc : chunksOf(file.data(), file.size())) {
        CPPUNIT_ASSERT_MESSAGE(fourcc, fourcc == "VP8X" || fourcc == "ALPH" || fourcc == "VP8 ");
      }
    }
  }

  void testKeepsAlphaAndSize() {
    for (const int bands : {1, 2, 3, 4}) {
      Image image = noiseInMemory(50, 20, bands);
      Image back = decoded(ours(image.get(), 80, 2));
      CPPUNIT_ASSERT_EQUAL(50, back->Xsize);
      CPPUNIT_ASSERT_EQUAL(20, back->Ysize);
      CPPUNIT_ASSERT_EQUAL(bands % 2 == 0, static_cast<bool>(vips_image_hasalpha(back.get())));
    }
    // The alpha is kept as it was (libwebp's lossless alpha at quality 100).
    Image image = noiseInMemory(64, 64, 4);
    Image back = decoded(ours(image.get(), 80, 2));
    const PixelView before = detail::viewOf(image.get());
    const PixelView after = detail::viewOf(back.get());
    for (int y = 0; y < 64; y += 7) {
      for (int x = 0; x < 64; x += 5) {
        CPPUNIT_ASSERT_EQUAL(int{before.pixel(x, y)[3]}, int{after.pixel(x, y)[3]});
      }
    }
  }

  void testRowsApartByAnyStride() {
    // A window of a wider image (rows further apart than they are long)
    // encodes as the same pixels packed.
    for (const int bands : {1, 3, 4}) {
      const ImageWindow window = windowOfNoise(bands);
      auto fromWindow = encodeWebpStill(window.view, 80, 2);
      CPPUNIT_ASSERT(fromWindow.has_value());
      CPPUNIT_ASSERT(*fromWindow == ours(window.packed.get(), 80, 2));
    }
  }

  void testRefusesWhatLibwebpCannotTake() {
    const std::vector<std::uint8_t> pixels(16 * 16 * 5, 128);
    PixelView view{16, 16, 5, 16 * 5, pixels.data()};
    CPPUNIT_ASSERT(!encodeWebpStill(view, 80, 2).has_value());
    view.channels = 0;
    CPPUNIT_ASSERT(!encodeWebpStill(view, 80, 2).has_value());
    // Wider than WebP's 16383 px.
    const std::vector<std::uint8_t> row(16384 * 3, 128);
    CPPUNIT_ASSERT(!encodeWebpStill(PixelView{16384, 1, 3, 16384 * 3, row.data()}, 80, 2));
  }

  void testVariantEncoderUsesItForStillsInMemory() {
    // In memory (a variant): libwebp's file, the simple format without the
    // VP8X chunk libvips' muxer writes.
    Image held = noiseInMemory(64, 64, 3);
    auto direct = detail::encode(held.get(), detail::OutputFormat::kWebp, 80, false, 2);
    CPPUNIT_ASSERT(direct.ok());
    const Bytes file(direct->buffer.bytes(), direct->buffer.bytes() + direct->buffer.size);
    CPPUNIT_ASSERT(file == ours(held.get(), 80, 2));
    CPPUNIT_ASSERT(chunksOf(file.data(), file.size()) == std::vector<std::string>{"VP8 "});
    CPPUNIT_ASSERT_EQUAL(64, direct->width);
    CPPUNIT_ASSERT_EQUAL(64, direct->height);
    CPPUNIT_ASSERT_EQUAL(1, direct->frames);
    // Not in memory (a lazy main image): libvips' webpsave, stripped.
    VipsImage* lazy = nullptr;
    CPPUNIT_ASSERT(vips_copy(held.get(), &lazy, nullptr) == 0);
    Image owned(lazy);
    auto saved = detail::encode(owned.get(), detail::OutputFormat::kWebp, 80, false, 2);
    CPPUNIT_ASSERT(saved.ok());
    const Bytes other(saved->buffer.bytes(), saved->buffer.bytes() + saved->buffer.size);
    CPPUNIT_ASSERT(chunksOf(other.data(), other.size()) ==
                   (std::vector<std::string>{"VP8X", "VP8 "}));
    CPPUNIT_ASSERT(bitstreamOf(other.data(), other.size()) ==
                   bitstreamOf(file.data(), file.size()));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WebpStillTest, "image");

}  // namespace
}  // namespace userimg::image
