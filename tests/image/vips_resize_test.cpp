// resize() (image/vips_codec.h): the image vips_resize makes, pixel for
// pixel and with the same header and metadata, on a lazy sequential JPEG
// decode as the pipeline has it and on an image in memory; held in memory
// when its own step applied, libvips' lazy image otherwise (an enlargement,
// 16-bit, a whole-factor shrink); a corrupt decode a kInvalidImage.
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <string>
#include <vector>

#include "image/vips_codec.h"
#include "image_fixtures.h"

namespace userimg::image {
namespace {

using namespace testing;

Image vipsResized(VipsImage* image, double hscale, double vscale) {
  VipsImage* out = nullptr;
  CPPUNIT_ASSERT_EQUAL(0, vips_resize(image, &out, hscale, "vscale", vscale, nullptr));
  return Image(out);
}

Image held(VipsImage* image) {
  Image copy(vips_image_copy_memory(image));
  CPPUNIT_ASSERT(copy);
  return copy;
}

bool inMemory(VipsImage* image) {
  return image->dtype == VIPS_IMAGE_SETBUF;
}

// A sequential decode of `file`, as decodeJpegShrunk opens it.
Image sequentialJpeg(const std::filesystem::path& file, int shrink) {
  VipsImage* out = nullptr;
  CPPUNIT_ASSERT_EQUAL(
      0, vips_jpegload(file.c_str(), &out, "shrink", shrink, "access", VIPS_ACCESS_SEQUENTIAL,
                       "fail_on", VIPS_FAIL_ON_ERROR, nullptr));
  return Image(out);
}

class VipsResizeTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(VipsResizeTest);
  CPPUNIT_TEST(testSameImageAsVipsResize);
  CPPUNIT_TEST(testSameFromALazyJpegDecode);
  CPPUNIT_TEST(testKeepsTheMetadata);
  CPPUNIT_TEST(testLibvipsOwnPathOtherwise);
  CPPUNIT_TEST(testCorruptDecodeIsInvalidImage);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { ensureLibrary(); }

  static void assertSame(VipsImage* image, double hscale, double vscale, bool ownStep) {
    const std::string where = std::to_string(image->Xsize) + "x" + std::to_string(image->Ysize) +
                              " by " + std::to_string(hscale) + ", " + std::to_string(vscale);
    Image expected = vipsResized(image, hscale, vscale);
    auto got = detail::resize(image, hscale, vscale);
    CPPUNIT_ASSERT_MESSAGE(where, got.ok());
    VipsImage* out = got->get();
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, ownStep, inMemory(out));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected->Xsize, out->Xsize);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected->Ysize, out->Ysize);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, expected->Bands, out->Bands);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, int{expected->BandFmt}, int{out->BandFmt});
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, int{expected->Type}, int{out->Type});
    CPPUNIT_ASSERT_MESSAGE(where, pixelBytes(expected.get()) == pixelBytes(out));
  }

  void testSameImageAsVipsResize() {
    for (const int bands : {1, 2, 3, 4}) {
      Image image = noiseInMemory(301, 203, bands);
      assertSame(image.get(), 0.512, 0.512, true);
      assertSame(image.get(), 0.3, 0.7, true);
      assertSame(image.get(), 0.7, 0.3, true);
      assertSame(image.get(), 0.9, 1.0, true);  // rows alone
    }
  }

  void testSameFromALazyJpegDecode() {
    TempDir dir;
    Image photo = noiseImage(800, 600);
    save(photo.get(), dir / "photo.jpg", "[Q=85]");
    for (const int shrink : {1, 2}) {
      Image first = sequentialJpeg(dir / "photo.jpg", shrink);
      const double scale = 256.0 / first->Xsize;
      // Each decode is read once: one for libvips, one for resize().
      Image expected = vipsResized(first.get(), scale, scale);
      const std::vector<std::uint8_t> want = pixelBytes(expected.get());
      Image second = sequentialJpeg(dir / "photo.jpg", shrink);
      auto got = detail::resize(second.get(), scale, scale);
      CPPUNIT_ASSERT(got.ok());
      CPPUNIT_ASSERT(inMemory(got->get()));
      CPPUNIT_ASSERT_EQUAL(expected->Xsize, got.value()->Xsize);
      CPPUNIT_ASSERT(want == pixelBytes(got->get()));
    }
  }

  void testKeepsTheMetadata() {
    Image red = p3Red(120, 80);  // tagged with an ICC profile
    Image tagged = held(red.get());
    vips_image_set_int(tagged.get(), VIPS_META_ORIENTATION, 6);
    auto got = detail::resize(tagged.get(), 0.5, 0.5);
    CPPUNIT_ASSERT(got.ok());
    CPPUNIT_ASSERT(inMemory(got->get()));
    const void* want = nullptr;
    const void* have = nullptr;
    std::size_t wantLength = 0;
    std::size_t haveLength = 0;
    CPPUNIT_ASSERT_EQUAL(0,
                         vips_image_get_blob(tagged.get(), VIPS_META_ICC_NAME, &want, &wantLength));
    CPPUNIT_ASSERT_EQUAL(0,
                         vips_image_get_blob(got->get(), VIPS_META_ICC_NAME, &have, &haveLength));
    CPPUNIT_ASSERT_EQUAL(wantLength, haveLength);
    CPPUNIT_ASSERT(std::string(static_cast<const char*>(want), wantLength) ==
                   std::string(static_cast<const char*>(have), haveLength));
    CPPUNIT_ASSERT_EQUAL(6, vips_image_get_orientation(got->get()));
    CPPUNIT_ASSERT_EQUAL(tagged->Xres, got.value()->Xres);
  }

  void testLibvipsOwnPathOtherwise() {
    Image image = noiseInMemory(300, 200, 3);
    assertSame(image.get(), 1.5, 1.5, false);  // an enlargement
    assertSame(image.get(), 0.5, 1.2, false);  // one side enlarged
    assertSame(image.get(), 0.2, 0.2, false);  // 300 to 60: a box shrink by 2 first
    assertSame(image.get(), 0.3, 0.1, true);   // the rows shrink by box, the columns do not
    Image wide = held(image.get());
    VipsImage* cast = nullptr;
    CPPUNIT_ASSERT_EQUAL(0, vips_cast(wide.get(), &cast, VIPS_FORMAT_USHORT, nullptr));
    Image sixteen(cast);
    assertSame(sixteen.get(), 0.5, 0.5, false);  // not 8-bit
  }

  void testCorruptDecodeIsInvalidImage() {
    TempDir dir;
    Image photo = noiseImage(400, 300);
    save(photo.get(), dir / "photo.jpg", "[Q=85]");
    const std::string bytes = readBytes(dir / "photo.jpg");
    writeBytes(dir / "cut.jpg", bytes.substr(0, bytes.size() / 2));
    Image cut = sequentialJpeg(dir / "cut.jpg", 1);
    auto got = detail::resize(cut.get(), 0.5, 0.5);
    CPPUNIT_ASSERT(!got.ok());
    CPPUNIT_ASSERT(got.status().code() == core::StatusCode::kInvalidImage);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsResizeTest, "image");

}  // namespace
}  // namespace userimg::image
