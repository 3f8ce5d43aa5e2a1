// The variants VipsImageProcessor cuts (lib/image/vips_variants.cpp): what
// they are cut from, where the square is taken, and what animations get.
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <string>

#include "image/vips_image_processor.h"
#include "image_fixtures.h"
#include "processor_fixture.h"

namespace userimg::image {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;
using namespace testing;

class VipsVariantsTest : public ProcessorFixture {
  CPPUNIT_TEST_SUITE(VipsVariantsTest);
  CPPUNIT_TEST(testSquaresFollowTheDetail);
  CPPUNIT_TEST(testSmallerSquaresAreTheLargestShrunk);
  CPPUNIT_TEST(testVariantsAreBaselineJpeg);
  CPPUNIT_TEST(testVariantsKeepAlpha);
  CPPUNIT_TEST(testAnimationVariantsAreItsFirstFrame);
  CPPUNIT_TEST(testAnimatesVariantsWhenAsked);
  CPPUNIT_TEST(testStoresFirstFrameWhenAnimationIsOff);
  CPPUNIT_TEST(testTallCoverVariantComesFromAReducedCopy);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSquaresFollowTheDetail() {
    // Flat grey with detail in its right quarter: a centre crop would be flat.
    Image photo = greyWithDetail(900, 300, 660, 200);
    const fs::path input = *dir_ / "detail-right.jpg";
    save(photo.get(), input, "[Q=95]");
    auto result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, result.variants.size());
    for (const auto& variant : result.variants) {
      Image square = load(variant.file);
      CPPUNIT_ASSERT_EQUAL(square->Xsize, square->Ysize);
      // The right third of each square is the noise (deviation ~40), not grey.
      VipsImage* right = nullptr;
      CPPUNIT_ASSERT(vips_extract_area(square.get(), &right, square->Xsize * 2 / 3, 0,
                                       square->Xsize / 3, square->Ysize, nullptr) == 0);
      Image part(right);
      CPPUNIT_ASSERT_MESSAGE(variant.name, deviation(part.get()) > 15.0);
    }
  }

  void testSmallerSquaresAreTheLargestShrunk() {
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(1024, 768).get(), input);
    auto result = process(ImageKind::kProfile, input);
    Image largest = load(result.variants[2].file);  // 256
    for (int i = 0; i < 2; ++i) {
      Image small = load(result.variants[i].file);
      const double scale = static_cast<double>(small->Xsize) / largest->Xsize;
      VipsImage* shrunk = nullptr;
      CPPUNIT_ASSERT(vips_resize(largest.get(), &shrunk, scale, nullptr) == 0);
      Image expected(shrunk);
      VipsImage* difference = nullptr;
      CPPUNIT_ASSERT(vips_subtract(small.get(), expected.get(), &difference, nullptr) == 0);
      Image diff(difference);
      VipsImage* magnitude = nullptr;
      CPPUNIT_ASSERT(vips_abs(diff.get(), &magnitude, nullptr) == 0);
      Image abs(magnitude);
      // Same crop, same scene: only resampling and JPEG differences remain.
      CPPUNIT_ASSERT_MESSAGE(result.variants[i].name, average(abs.get()) < 12.0);
    }
  }

  void testVariantsAreBaselineJpeg() {
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(800, 600).get(), input);
    config_.keepJpeg = false;  // encoded, not kept as uploaded (baseline)
    auto result = process(ImageKind::kProfile, input);
    const std::string progressive("\xFF\xC2", 2);  // SOF2
    CPPUNIT_ASSERT(contains(readBytes(result.file), progressive));
    for (const auto& variant : result.variants) {
      CPPUNIT_ASSERT_MESSAGE(variant.name, !contains(readBytes(variant.file), progressive));
    }
  }

  void testVariantsKeepAlpha() {
    const fs::path input = *dir_ / "alpha.png";
    save(noiseImage(600, 400, true).get(), input);
    auto result = process(ImageKind::kProfile, input);
    for (const auto& variant : result.variants) {
      Image square = load(variant.file);
      CPPUNIT_ASSERT_EQUAL(std::string("image/png"), variant.contentType);
      CPPUNIT_ASSERT_EQUAL(4, square->Bands);
      CPPUNIT_ASSERT_EQUAL(std::stoi(variant.name), square->Xsize);
    }
  }

  void testAnimationVariantsAreItsFirstFrame() {
    const fs::path input = *dir_ / "anim.gif";
    save(animation(160, 120, 3).get(), input);
    auto result = process(ImageKind::kProfile, input);
    Image main = load(result.file);
    CPPUNIT_ASSERT_EQUAL(3, vips_image_get_n_pages(main.get()));
    VipsImage* first = nullptr;
    CPPUNIT_ASSERT(vips_extract_area(main.get(), &first, 0, 0, 160, 120, nullptr) == 0);
    Image frame(first);
    for (const auto& variant : result.variants) {
      Image square = load(variant.file);
      CPPUNIT_ASSERT_EQUAL(1, vips_image_get_n_pages(square.get()));
      CPPUNIT_ASSERT_EQUAL(std::stoi(variant.name), square->Ysize);
      // Each frame is one colour: the square's is the first frame's.
      CPPUNIT_ASSERT_DOUBLES_EQUAL(average(frame.get()), average(square.get()), 3.0);
    }
  }

  void testAnimatesVariantsWhenAsked() {
    config_.animatedVariants = true;
    const fs::path input = *dir_ / "anim.gif";
    save(animation(160, 120, 3).get(), input);
    auto result = process(ImageKind::kProfile, input);
    for (const auto& variant : result.variants) {
      Image square = load(variant.file);
      CPPUNIT_ASSERT_EQUAL(3, vips_image_get_n_pages(square.get()));
      CPPUNIT_ASSERT_EQUAL(std::stoi(variant.name), vips_image_get_page_height(square.get()));
    }
  }

  void testStoresFirstFrameWhenAnimationIsOff() {
    config_.animated = false;
    const fs::path input = *dir_ / "anim.gif";
    save(animation(160, 120, 3).get(), input);
    auto result = process(ImageKind::kProfile, input);
    Image main = load(result.file);
    CPPUNIT_ASSERT_EQUAL(1, vips_image_get_n_pages(main.get()));
    CPPUNIT_ASSERT_EQUAL(160, main->Xsize);
    CPPUNIT_ASSERT_EQUAL(120, main->Ysize);
    CPPUNIT_ASSERT_EQUAL(std::string("image/gif"), result.contentType);
  }

  void testTallCoverVariantComesFromAReducedCopy() {
    // 2560 x 9000 (69 MB decoded): over the budget for holding it in memory,
    // so the variant is cut from a copy reduced from the encoded cover.
    const fs::path input = *dir_ / "tall.jpg";
    save(noiseImage(2560, 9000).get(), input);
    auto result = process(ImageKind::kCover, input);
    CPPUNIT_ASSERT_EQUAL(2560, *result.width);
    CPPUNIT_ASSERT_EQUAL(9000, *result.height);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, result.variants.size());
    Image narrow = load(result.variants[0].file);
    CPPUNIT_ASSERT_EQUAL(640, narrow->Xsize);
    CPPUNIT_ASSERT_EQUAL(2250, narrow->Ysize);
    CPPUNIT_ASSERT_EQUAL(2250, result.variants[0].height);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsVariantsTest, "image");

}  // namespace
}  // namespace userimg::image
