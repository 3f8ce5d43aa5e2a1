// Stripping an encoded WebP's metadata chunks (image/webp_metadata.h), on
// hand-made RIFF files.
#include "image/webp_metadata.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <string>

namespace userimg::image {
namespace {

std::string le32(std::uint32_t value) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>(value >> (8 * i));
  return out;
}

std::string chunk(const std::string& fourcc, const std::string& payload) {
  return fourcc + le32(static_cast<std::uint32_t>(payload.size())) + payload +
         (payload.size() % 2 == 1 ? std::string(1, '\0') : "");
}

std::string riff(const std::string& chunks) {
  return "RIFF" + le32(static_cast<std::uint32_t>(4 + chunks.size())) + "WEBP" + chunks;
}

std::string stripped(std::string file) {
  const std::size_t size =
      stripWebpMetadata(reinterpret_cast<unsigned char*>(file.data()), file.size());
  file.resize(size);
  return file;
}

class WebpMetadataTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WebpMetadataTest);
  CPPUNIT_TEST(testDropsMetadataChunksAndFlags);
  CPPUNIT_TEST(testKeepsAFileWithoutMetadata);
  CPPUNIT_TEST(testLeavesMalformedFilesAlone);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDropsMetadataChunksAndFlags() {
    // VP8X flags: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04.
    const std::string vp8x = std::string(1, '\x3C') + std::string(9, '\x01');
    const std::string input =
        riff(chunk("VP8X", vp8x) + chunk("ICCP", "profile") + chunk("ALPH", "a") +
             chunk("VP8 ", "pixels") + chunk("EXIF", "GPS here") + chunk("XMP ", "<x/>"));
    const std::string expected = riff(chunk("VP8X", std::string(1, '\x10') + vp8x.substr(1)) +
                                      chunk("ALPH", "a") + chunk("VP8 ", "pixels"));
    CPPUNIT_ASSERT(stripped(input) == expected);
  }

  void testKeepsAFileWithoutMetadata() {
    const std::string simple = riff(chunk("VP8 ", "abc"));
    CPPUNIT_ASSERT(stripped(simple) == simple);
  }

  void testLeavesMalformedFilesAlone() {
    const std::string good = riff(chunk("VP8 ", "pixels") + chunk("EXIF", "GPS"));
    std::string wrongSize = good;
    wrongSize[4] = static_cast<char>(wrongSize[4] + 2);
    CPPUNIT_ASSERT(stripped(wrongSize) == wrongSize);
    const std::string cut = good.substr(0, good.size() - 2);
    std::string cutFixed = cut;
    cutFixed.replace(4, 4, le32(static_cast<std::uint32_t>(cut.size() - 8)));
    CPPUNIT_ASSERT(stripped(cutFixed) == cutFixed);  // the EXIF chunk overruns the file
    CPPUNIT_ASSERT(stripped("RIFF") == "RIFF");
    CPPUNIT_ASSERT(stripped("") == "");
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WebpMetadataTest, "image");

}  // namespace
}  // namespace userimg::image
