#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <string_view>

#include "image/sniff.h"

namespace userimg::image {
namespace {

std::span<const unsigned char> bytes(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

class SniffTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SniffTest);
  CPPUNIT_TEST(testRecognisesAcceptedSignatures);
  CPPUNIT_TEST(testRecognisesHeifAndAvifBrands);
  CPPUNIT_TEST(testRefusesOtherIsoMedia);
  CPPUNIT_TEST(testRefusesShortInput);
  CPPUNIT_TEST(testNamesUnsupportedFormats);
  CPPUNIT_TEST(testNamesMarkupAfterBomAndWhitespace);
  CPPUNIT_TEST(testReadsFileHead);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testRecognisesAcceptedSignatures() {
    using namespace std::string_view_literals;
    CPPUNIT_ASSERT(sniffFormat(bytes("\xFF\xD8\xFF\xE0rest")) == ImageFormat::kJpeg);
    CPPUNIT_ASSERT(sniffFormat(bytes("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR"sv)) == ImageFormat::kPng);
    CPPUNIT_ASSERT(sniffFormat(bytes("GIF87a...")) == ImageFormat::kGif);
    CPPUNIT_ASSERT(sniffFormat(bytes("GIF89a...")) == ImageFormat::kGif);
    CPPUNIT_ASSERT(sniffFormat(bytes("RIFF\x10\0\0\0WEBPVP8 "sv)) == ImageFormat::kWebp);
    CPPUNIT_ASSERT(!sniffFormat(bytes("RIFF\x10\0\0\0WAVEfmt "sv)));
    CPPUNIT_ASSERT(!sniffFormat(bytes("GIF90a...")));
  }

  void testRecognisesHeifAndAvifBrands() {
    using namespace std::string_view_literals;
    CPPUNIT_ASSERT(sniffFormat(bytes("\0\0\0\x18"
                                     "ftypheic\0\0\0\0mif1heic"sv)) == ImageFormat::kHeif);
    CPPUNIT_ASSERT(sniffFormat(bytes("\0\0\0\x1C"
                                     "ftypavif\0\0\0\0avifmif1miaf"sv)) == ImageFormat::kHeif);
    // A HEIF brand listed only among the compatible brands.
    CPPUNIT_ASSERT(sniffFormat(bytes("\0\0\0\x18"
                                     "ftypmiaf\0\0\0\0miafmif1"sv)) == ImageFormat::kHeif);
  }

  void testRefusesOtherIsoMedia() {
    using namespace std::string_view_literals;
    const auto mp4 = bytes(
        "\0\0\0\x18"
        "ftypisom\0\0\0\0isomiso2"sv);
    CPPUNIT_ASSERT(!sniffFormat(mp4));
    CPPUNIT_ASSERT_EQUAL(std::string("Unsupported image format: MP4"),
                         unsupportedFormatMessage(mp4));
    // A HEIF brand beyond the box's declared size does not count.
    CPPUNIT_ASSERT(
        !sniffFormat(bytes("\0\0\0\x10"
                           "ftypisom\0\0\0\0heic"sv)));
  }

  void testRefusesShortInput() {
    CPPUNIT_ASSERT(!sniffFormat(bytes("")));
    CPPUNIT_ASSERT(!sniffFormat(bytes("\xFF\xD8")));
    CPPUNIT_ASSERT(!sniffFormat(bytes("\x89PNG")));
    CPPUNIT_ASSERT_EQUAL(std::string("Unsupported image format"), unsupportedFormatMessage({}));
  }

  void testNamesUnsupportedFormats() {
    using namespace std::string_view_literals;
    CPPUNIT_ASSERT_EQUAL(std::string_view("PDF"), recogniseUnsupported(bytes("%PDF-1.7\n")));
    CPPUNIT_ASSERT_EQUAL(std::string_view("TIFF"), recogniseUnsupported(bytes("II*\0\x08"sv)));
    CPPUNIT_ASSERT_EQUAL(std::string_view("TIFF"), recogniseUnsupported(bytes("MM\0*\0"sv)));
    CPPUNIT_ASSERT_EQUAL(std::string_view("BMP"),
                         recogniseUnsupported(bytes("BM\x36\0\0\0\0\0\0\0\x36\0\0\0"sv)));
    CPPUNIT_ASSERT_EQUAL(std::string_view("PSD"), recogniseUnsupported(bytes("8BPS\0\1")));
    CPPUNIT_ASSERT_EQUAL(std::string_view(""), recogniseUnsupported(bytes("hello world")));
    CPPUNIT_ASSERT_EQUAL(std::string("Unsupported image format: PDF"),
                         unsupportedFormatMessage(bytes("%PDF-1.4")));
  }

  void testNamesMarkupAfterBomAndWhitespace() {
    CPPUNIT_ASSERT_EQUAL(std::string_view("SVG"),
                         recogniseUnsupported(bytes("<svg xmlns='http://www.w3.org/2000/svg'/>")));
    CPPUNIT_ASSERT_EQUAL(
        std::string_view("SVG"),
        recogniseUnsupported(bytes("\xEF\xBB\xBF  <?xml version='1.0'?>\n<!-- x -->\n<svg>")));
    CPPUNIT_ASSERT_EQUAL(std::string_view("HTML"),
                         recogniseUnsupported(bytes("\n\t<!DOCTYPE html><html>")));
    CPPUNIT_ASSERT_EQUAL(std::string_view("HTML"), recogniseUnsupported(bytes("<HTML><BODY>")));
    CPPUNIT_ASSERT_EQUAL(std::string_view("XML"),
                         recogniseUnsupported(bytes("<?xml version='1.0'?><root/>")));
  }

  void testReadsFileHead() {
    auto missing = readFileHead("/nonexistent/userimg-sniff-test");
    CPPUNIT_ASSERT(!missing);
    CPPUNIT_ASSERT(missing.status().code() == core::StatusCode::kInternal);
    auto head = readFileHead("/proc/self/exe", 4);
    CPPUNIT_ASSERT(head.ok());
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, head->size());
    CPPUNIT_ASSERT((*head)[1] == 'E' && (*head)[2] == 'L' && (*head)[3] == 'F');
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SniffTest, "image");

}  // namespace
}  // namespace userimg::image
