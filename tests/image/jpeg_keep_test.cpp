// Keeping a JPEG's own compressed data without its metadata
// (image/jpeg_keep.h), on files libvips writes and on hand-spliced ones.
#include "image/jpeg_keep.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <array>
#include <string>

#include "image_fixtures.h"

namespace userimg::image {
namespace {

using testing::contains;
using testing::TempDir;

std::span<const unsigned char> bytesOf(const std::string& file) {
  return {reinterpret_cast<const unsigned char*>(file.data()), file.size()};
}

// A JPEG of noise written by libvips with `options` ("[Q=85,strip]").
std::string jpegOf(int width, int height, const std::string& options) {
  testing::ensureLibrary();
  TempDir dir;
  testing::save(testing::noiseImage(width, height).get(), dir / "in.jpg", options);
  return testing::readBytes(dir / "in.jpg");
}

std::string segment(unsigned char marker, const std::string& payload) {
  const std::size_t length = payload.size() + 2;
  return std::string{'\xFF', static_cast<char>(marker), static_cast<char>(length >> 8),
                     static_cast<char>(length & 0xFF)} +
         payload;
}

KeptJpeg keptOf(const std::string& file) {
  auto result = keptJpeg(bytesOf(file));
  if (auto* refused = std::get_if<NotKept>(&result)) {
    CPPUNIT_FAIL("not kept: " + refused->reason);
  }
  return std::get<KeptJpeg>(std::move(result));
}

std::string refusalOf(const std::string& file) {
  auto result = keptJpeg(bytesOf(file));
  return std::holds_alternative<NotKept>(result) ? std::get<NotKept>(result).reason : "kept";
}

// Decodes `bytes` whole, failing the test on any libjpeg warning.
testing::Image decodeStrictly(const std::vector<unsigned char>& bytes) {
  VipsImage* out = nullptr;
  CPPUNIT_ASSERT_EQUAL(
      0, vips_jpegload_buffer(const_cast<unsigned char*>(bytes.data()), bytes.size(), &out,
                              "fail_on", VIPS_FAIL_ON_WARNING, nullptr));
  testing::Image image(out);
  VipsImage* copy = vips_image_copy_memory(image.get());
  CPPUNIT_ASSERT(copy != nullptr);
  return testing::Image(copy);
}

double maxDifference(VipsImage* a, VipsImage* b) {
  VipsImage* diff = nullptr;
  CPPUNIT_ASSERT_EQUAL(0, vips_subtract(a, b, &diff, nullptr));
  testing::Image owned(diff);
  VipsImage* magnitude = nullptr;
  CPPUNIT_ASSERT_EQUAL(0, vips_abs(owned.get(), &magnitude, nullptr));
  testing::Image abs(magnitude);
  double max = 0;
  CPPUNIT_ASSERT_EQUAL(0, vips_max(abs.get(), &max, nullptr));
  return max;
}

class JpegKeepTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(JpegKeepTest);
  CPPUNIT_TEST(testEstimatesTheQualityOfLibjpegsOwnTables);
  CPPUNIT_TEST(testKeepsTheSamePixelsWithoutMetadata);
  CPPUNIT_TEST(testKeepsAProgressiveJpeg);
  CPPUNIT_TEST(testLeavesOutWhatFollowsTheEndOfImage);
  CPPUNIT_TEST(testKeepsTheAdobeMarker);
  CPPUNIT_TEST(testRefusesWhatItCannotKeep);
  CPPUNIT_TEST(testNeverReadsPastTheEnd);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEstimatesTheQualityOfLibjpegsOwnTables() {
    for (int quality : {10, 50, 75, 85, 92, 100}) {
      const KeptJpeg kept = keptOf(jpegOf(64, 48, "[Q=" + std::to_string(quality) + ",strip]"));
      CPPUNIT_ASSERT_EQUAL(quality, kept.quality);
    }
    // An all-ones table is quality 100 whichever standard table it is
    // measured against.
    std::array<std::uint16_t, 64> ones{};
    ones.fill(1);
    CPPUNIT_ASSERT_EQUAL(100, estimateQuality(ones, false));
    CPPUNIT_ASSERT_EQUAL(100, estimateQuality(ones, true));
  }

  void testKeepsTheSamePixelsWithoutMetadata() {
    const std::string plain = jpegOf(120, 80, "[Q=80]");
    const std::string tagged =
        testing::spliceAfterSoi(plain, testing::gpsExifSegment(1) + segment(0xFE, "a comment") +
                                           segment(0xED, "Photoshop 3.0 IPTC"));
    CPPUNIT_ASSERT(contains(tagged, testing::kGpsDatum));
    const KeptJpeg kept = keptOf(tagged);
    CPPUNIT_ASSERT_EQUAL(120, kept.width);
    CPPUNIT_ASSERT_EQUAL(80, kept.height);
    CPPUNIT_ASSERT_EQUAL(3, kept.components);
    CPPUNIT_ASSERT(!kept.progressive);
    CPPUNIT_ASSERT_EQUAL(80, kept.quality);
    const std::string out(kept.bytes.begin(), kept.bytes.end());
    CPPUNIT_ASSERT(!contains(out, testing::kGpsDatum));
    CPPUNIT_ASSERT(!contains(out, "Exif"));
    CPPUNIT_ASSERT(!contains(out, "a comment"));
    CPPUNIT_ASSERT(!contains(out, "Photoshop"));
    CPPUNIT_ASSERT(!contains(out, "JFIF"));  // APP0 is metadata too
    CPPUNIT_ASSERT(out.size() < plain.size());
    // Not one pixel differs from the original's.
    const auto original = decodeStrictly({plain.begin(), plain.end()});
    const auto decoded = decodeStrictly(kept.bytes);
    CPPUNIT_ASSERT_EQUAL(0.0, maxDifference(original.get(), decoded.get()));
  }

  void testKeepsAProgressiveJpeg() {
    const std::string file = jpegOf(200, 150, "[Q=70,interlace,optimize_coding,strip]");
    const KeptJpeg kept = keptOf(file);
    CPPUNIT_ASSERT(kept.progressive);
    CPPUNIT_ASSERT_EQUAL(70, kept.quality);
    const auto original = decodeStrictly({file.begin(), file.end()});
    CPPUNIT_ASSERT_EQUAL(0.0, maxDifference(original.get(), decodeStrictly(kept.bytes).get()));
  }

  void testLeavesOutWhatFollowsTheEndOfImage() {
    const std::string file = jpegOf(64, 64, "[Q=85,strip]");
    const std::string appended = file + "PK\x03\x04 an archive after the image";
    const KeptJpeg kept = keptOf(appended);
    const std::string out(kept.bytes.begin(), kept.bytes.end());
    CPPUNIT_ASSERT(!contains(out, "archive"));
    CPPUNIT_ASSERT_EQUAL(std::string("\xFF\xD9"), out.substr(out.size() - 2));
  }

  void testKeepsTheAdobeMarker() {
    const std::string adobe = segment(0xEE, std::string("Adobe\x00\x64\x00\x00\x00\x00\x01", 12));
    const KeptJpeg kept = keptOf(testing::spliceAfterSoi(jpegOf(32, 32, "[strip]"), adobe));
    const std::string out(kept.bytes.begin(), kept.bytes.end());
    CPPUNIT_ASSERT(contains(out, adobe));
  }

  void testRefusesWhatItCannotKeep() {
    const std::string file = jpegOf(64, 48, "[Q=85,strip]");
    CPPUNIT_ASSERT_EQUAL(std::string("not a JPEG"), refusalOf("GIF89a"));
    CPPUNIT_ASSERT_EQUAL(std::string("no end of image"),
                         refusalOf(file.substr(0, file.size() - 2)));
    CPPUNIT_ASSERT_EQUAL(std::string("no end of image"),
                         refusalOf(file.substr(0, file.size() / 2)));
    // A lossless frame (SOF3) in place of the baseline one.
    std::string lossless = file;
    const std::size_t sof = lossless.find("\xFF\xC0");
    CPPUNIT_ASSERT(sof != std::string::npos);
    lossless[sof + 1] = '\xC3';
    CPPUNIT_ASSERT_EQUAL(std::string("an unsupported marker"), refusalOf(lossless));
    // Four components (CMYK).
    testing::ensureLibrary();
    TempDir dir;
    testing::Image rgb = testing::noiseImage(16, 16);
    VipsImage* cmyk = nullptr;
    CPPUNIT_ASSERT_EQUAL(0, vips_colourspace(rgb.get(), &cmyk, VIPS_INTERPRETATION_CMYK, nullptr));
    testing::Image owned(cmyk);
    testing::save(owned.get(), dir / "cmyk.jpg", "[strip]");
    CPPUNIT_ASSERT_EQUAL(std::string("neither grey nor colour"),
                         refusalOf(testing::readBytes(dir / "cmyk.jpg")));
  }

  void testNeverReadsPastTheEnd() {
    // Every prefix of a real file, and a segment whose length lies.
    const std::string file = jpegOf(24, 24, "[Q=85,strip]");
    for (std::size_t n = 0; n + 2 < file.size(); ++n) {
      CPPUNIT_ASSERT(refusalOf(file.substr(0, n)) != "kept");
    }
    std::string lying = file;
    const std::size_t dqt = lying.find("\xFF\xDB");
    lying[dqt + 2] = '\x7F';
    CPPUNIT_ASSERT(refusalOf(lying) != "kept");
  }
};

}  // namespace

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(JpegKeepTest, "image");

}  // namespace userimg::image
