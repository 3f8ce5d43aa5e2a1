// The JPEG path of decodeFitted (lib/image/vips_decode_jpeg.cpp): a JPEG
// that must shrink, decoded at 1/2, 1/4 or 1/8 when it is large enough and
// whole otherwise, resized, turned, colour-converted and checked as every
// other upload.
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <string>

#include "image/vips_codec.h"
#include "image/vips_image_processor.h"
#include "image_fixtures.h"
#include "processor_fixture.h"

namespace userimg::image {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;
using namespace testing;

detail::HeaderInfo headerOf(int width, int height, int orientation = 1) {
  detail::HeaderInfo info;
  info.header.width = width;
  info.header.height = height;
  info.header.orientation = orientation;
  return info;
}

class VipsDecodeJpegTest : public ProcessorFixture {
  CPPUNIT_TEST_SUITE(VipsDecodeJpegTest);
  CPPUNIT_TEST(testChoosesTheShrinkThatLeavesAFinalStep);
  CPPUNIT_TEST(testShrinksLargeJpegToTheBound);
  CPPUNIT_TEST(testShrinksByResizeAloneAsThumbnailDoes);
  CPPUNIT_TEST(testTurnsShrunkJpegUpright);
  CPPUNIT_TEST(testConvertsShrunkJpegProfileToSrgb);
  CPPUNIT_TEST(testConvertsShrunkCmykToSrgb);
  CPPUNIT_TEST(testRefusesTruncatedLargeJpeg);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testChoosesTheShrinkThatLeavesAFinalStep() {
    const detail::Box profile{1024, 1024};
    const detail::Box cover{2560, VIPS_MAX_COORD};
    CPPUNIT_ASSERT_EQUAL(2, detail::jpegShrinkFor(headerOf(4000, 3000), profile));  // 3.9x
    CPPUNIT_ASSERT_EQUAL(4, detail::jpegShrinkFor(headerOf(8000, 6000), profile));  // 7.8x
    CPPUNIT_ASSERT_EQUAL(1, detail::jpegShrinkFor(headerOf(1632, 1224), profile));  // 1.6x
    CPPUNIT_ASSERT_EQUAL(1, detail::jpegShrinkFor(headerOf(3400, 1000), profile));  // 3.3x
    CPPUNIT_ASSERT_EQUAL(8, detail::jpegShrinkFor(headerOf(20000, 15000), profile));
    CPPUNIT_ASSERT_EQUAL(1, detail::jpegShrinkFor(headerOf(4000, 3000), cover));  // 1.6x
    // Orientation 6 swaps the sides: 1000x3600 upright is 3.5x too tall.
    CPPUNIT_ASSERT_EQUAL(2, detail::jpegShrinkFor(headerOf(3600, 1000, 6), profile));
    CPPUNIT_ASSERT_EQUAL(2, detail::jpegShrinkFor(headerOf(3600, 1000, 1), profile));
    CPPUNIT_ASSERT_EQUAL(2, detail::jpegShrinkFor(headerOf(1000, 9000, 6), cover));  // 3.5x
  }

  void testShrinksLargeJpegToTheBound() {
    const fs::path input = *dir_ / "big.jpg";
    save(noiseImage(4000, 3000).get(), input);
    auto result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT_EQUAL(1024, *result.width);
    CPPUNIT_ASSERT_EQUAL(768, *result.height);
    Image out = load(result.file);
    CPPUNIT_ASSERT_EQUAL(1024, out->Xsize);
    CPPUNIT_ASSERT_EQUAL(768, out->Ysize);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, result.variants.size());
  }

  // A JPEG under twice the final step (1.56x) is decoded whole and resized:
  // the pixels vips_thumbnail made of it before, where both resize by the
  // same factor on each side (1600x1200 to 1024x768). Elsewhere the vertical
  // factor is the height's own (683 / 1000 for 1500x1000, where thumbnail
  // takes 1024 / 1500 for both), so rows may be sampled up to a quarter of
  // a pixel apart.
  void testShrinksByResizeAloneAsThumbnailDoes() {
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(1600, 1200).get(), input, "[Q=90]");
    auto ours = detail::decodeFitted(ImageFormat::kJpeg, input, headerOf(1600, 1200), {1024, 1024});
    CPPUNIT_ASSERT(ours.ok());
    VipsImage* thumbnail = nullptr;
    CPPUNIT_ASSERT_EQUAL(0, vips_thumbnail(input.c_str(), &thumbnail, 1024, "height", 1024, "size",
                                           VIPS_SIZE_DOWN, nullptr));
    Image theirs(thumbnail);
    CPPUNIT_ASSERT_EQUAL(1024, ours.value()->Xsize);
    CPPUNIT_ASSERT_EQUAL(768, ours.value()->Ysize);
    // Computed by resize(): vips_thumbnail's image would still be lazy.
    CPPUNIT_ASSERT(ours.value()->dtype == VIPS_IMAGE_SETBUF);
    CPPUNIT_ASSERT(pixelBytes(theirs.get()) == pixelBytes(ours->get()));

    const fs::path wide = *dir_ / "wide.jpg";
    save(noiseImage(1500, 1000).get(), wide, "[Q=90]");
    auto result = process(ImageKind::kProfile, wide);
    CPPUNIT_ASSERT_EQUAL(1024, *result.width);
    CPPUNIT_ASSERT_EQUAL(683, *result.height);
  }

  void testTurnsShrunkJpegUpright() {
    // Left half red, right half blue, stored 3600x1800 with orientation 6:
    // upright it is 1800x3600, bound to 512x1024, red on top.
    Image tagged = redBesideBlue(1800, 6);
    const fs::path input = *dir_ / "rotated.jpg";
    save(tagged.get(), input);
    auto result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT_EQUAL(512, *result.width);
    CPPUNIT_ASSERT_EQUAL(1024, *result.height);
    Image out = load(result.file);
    CPPUNIT_ASSERT_EQUAL(1, vips_image_get_orientation(out.get()));
    CPPUNIT_ASSERT(pixelAt(out.get(), 256, 100)[0] > 200);  // red on top
    CPPUNIT_ASSERT(pixelAt(out.get(), 256, 900)[2] > 200);  // blue below
  }

  void testConvertsShrunkJpegProfileToSrgb() {
    Image tagged = p3Red(4000, 3000);
    const fs::path input = *dir_ / "p3.jpg";
    save(tagged.get(), input);
    auto result = process(ImageKind::kProfile, input);
    Image out = load(result.file);
    CPPUNIT_ASSERT_EQUAL(1024, out->Xsize);
    CPPUNIT_ASSERT(vips_image_get_typeof(out.get(), VIPS_META_ICC_NAME) == 0);
    const std::vector<double> before = pixelAt(load(input).get(), 2000, 1500);
    const std::vector<double> after = pixelAt(out.get(), 512, 384);
    CPPUNIT_ASSERT(after[0] > before[0] + 5);  // more saturated red in sRGB numbers
  }

  void testConvertsShrunkCmykToSrgb() {
    Image rgb = solidImage(4000, 3000, 40, 120, 200);
    VipsImage* cmyk = nullptr;
    CPPUNIT_ASSERT(vips_colourspace(rgb.get(), &cmyk, VIPS_INTERPRETATION_CMYK, nullptr) == 0);
    Image converted(cmyk);
    const fs::path input = *dir_ / "cmyk.jpg";
    save(converted.get(), input, "[strip]");
    CPPUNIT_ASSERT_EQUAL(4, load(input)->Bands);
    auto result = process(ImageKind::kProfile, input);
    Image out = load(result.file);
    CPPUNIT_ASSERT_EQUAL(3, out->Bands);
    CPPUNIT_ASSERT_EQUAL(1024, out->Xsize);
    CPPUNIT_ASSERT(vips_image_get_interpretation(out.get()) == VIPS_INTERPRETATION_sRGB);
    CPPUNIT_ASSERT(pixelAt(out.get(), 512, 384)[2] > 150);  // still mostly blue
  }

  void testRefusesTruncatedLargeJpeg() {
    const fs::path whole = *dir_ / "whole.jpg";
    save(noiseImage(4000, 3000).get(), whole);
    const std::string bytes = readBytes(whole);
    const fs::path input = *dir_ / "truncated.jpg";
    writeBytes(input, bytes.substr(0, bytes.size() / 2));
    auto result = VipsImageProcessor(config_).process(ImageKind::kProfile, input, work_);
    CPPUNIT_ASSERT(!result);
    CPPUNIT_ASSERT(result.status().code() == core::StatusCode::kInvalidImage);
    CPPUNIT_ASSERT(fs::is_empty(work_));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsDecodeJpegTest, "image");

}  // namespace
}  // namespace userimg::image
