// A crop chosen by the uploader (ProcessOptions::crop) through
// VipsImageProcessor: profile squares cut from it, covers stored as it.
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

class VipsCropTest : public ProcessorFixture {
  CPPUNIT_TEST_SUITE(VipsCropTest);
  CPPUNIT_TEST(testProfileSquaresComeFromTheCrop);
  CPPUNIT_TEST(testProfileKeepsItsWholePicture);
  CPPUNIT_TEST(testCropIsInUprightPixels);
  CPPUNIT_TEST(testCoverIsStoredAsItsCrop);
  CPPUNIT_TEST(testWideCoverCropIsBounded);
  CPPUNIT_TEST(testAnimatedCoverCropCutsEveryFrame);
  CPPUNIT_TEST(testCropOutsideTheImageIsRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  // 900x300: noise in the left third (where the attention crop would go),
  // flat grey elsewhere.
  fs::path detailLeft() {
    Image photo = greyWithDetail(900, 300, 0, 300);
    const fs::path input = *dir_ / "detail-left.jpg";
    save(photo.get(), input, "[Q=95]");
    return input;
  }

  void testProfileSquaresComeFromTheCrop() {
    auto result =
        process(ImageKind::kProfile, detailLeft(), ProcessOptions{CropRect{600, 0, 300, 300}});
    for (const auto& variant : result.variants) {
      CPPUNIT_ASSERT_MESSAGE(variant.name, deviation(load(variant.file).get()) < 5.0);
    }
    CPPUNIT_ASSERT(result.squareSource);
    CPPUNIT_ASSERT_EQUAL(600, result.squareSource->x);
    CPPUNIT_ASSERT_EQUAL(300, result.squareSource->width);
    // Without the crop, the squares are the detail.
    auto automatic = VipsImageProcessor(config_).process(ImageKind::kProfile, detailLeft(), work_);
    CPPUNIT_ASSERT(automatic.ok());
    CPPUNIT_ASSERT(deviation(load(automatic->variants[2].file).get()) > 15.0);
    CPPUNIT_ASSERT(!automatic->squareSource);
  }

  void testProfileKeepsItsWholePicture() {
    auto result =
        process(ImageKind::kProfile, detailLeft(), ProcessOptions{CropRect{600, 0, 300, 300}});
    CPPUNIT_ASSERT_EQUAL(900, *result.width);
    CPPUNIT_ASSERT_EQUAL(300, *result.height);
  }

  void testCropIsInUprightPixels() {
    // Upright (orientation 6) the image is 100x200, red on top, blue below:
    // the crop of the bottom square gives blue squares.
    const fs::path input = *dir_ / "rotated.jpg";
    save(redBesideBlue(100, 6).get(), input);
    auto result = process(ImageKind::kProfile, input, ProcessOptions{CropRect{0, 100, 100, 100}});
    for (const auto& variant : result.variants) {
      Image square = load(variant.file);
      const std::vector<double> centre =
          pixelAt(square.get(), square->Xsize / 2, square->Ysize / 2);
      CPPUNIT_ASSERT_MESSAGE(variant.name, centre[2] > 200 && centre[0] < 60);
    }
  }

  void testCoverIsStoredAsItsCrop() {
    // 2000x1000, left half red, right half blue: the crop of a right part
    // is stored, blue, at its own size (narrower than the 2560 bound).
    Image red = solidImage(1000, 1000, 255, 0, 0);
    Image blue = solidImage(1000, 1000, 0, 0, 255);
    VipsImage* joined = nullptr;
    CPPUNIT_ASSERT(vips_join(red.get(), blue.get(), &joined, VIPS_DIRECTION_HORIZONTAL, nullptr) ==
                   0);
    Image photo(joined);
    const fs::path input = *dir_ / "halves.jpg";
    save(photo.get(), input);
    auto result = process(ImageKind::kCover, input, ProcessOptions{CropRect{1100, 200, 800, 400}});
    CPPUNIT_ASSERT_EQUAL(800, *result.width);
    CPPUNIT_ASSERT_EQUAL(400, *result.height);
    Image stored = load(result.file);
    CPPUNIT_ASSERT_EQUAL(800, stored->Xsize);
    CPPUNIT_ASSERT(pixelAt(stored.get(), 10, 10)[2] > 200);
    CPPUNIT_ASSERT_EQUAL(640, result.variants[0].width);
    CPPUNIT_ASSERT_EQUAL(320, result.variants[0].height);
    CPPUNIT_ASSERT(!result.squareSource);
  }

  void testWideCoverCropIsBounded() {
    const fs::path input = *dir_ / "wide.jpg";
    save(noiseImage(4000, 1500).get(), input);
    auto result = process(ImageKind::kCover, input, ProcessOptions{CropRect{0, 100, 3200, 1000}});
    CPPUNIT_ASSERT_EQUAL(2560, *result.width);
    CPPUNIT_ASSERT_EQUAL(800, *result.height);
  }

  void testAnimatedCoverCropCutsEveryFrame() {
    const fs::path input = *dir_ / "anim.gif";
    save(animation(160, 120, 3).get(), input);
    auto result = process(ImageKind::kCover, input, ProcessOptions{CropRect{40, 30, 80, 60}});
    Image stored = load(result.file);
    CPPUNIT_ASSERT_EQUAL(3, vips_image_get_n_pages(stored.get()));
    CPPUNIT_ASSERT_EQUAL(80, stored->Xsize);
    CPPUNIT_ASSERT_EQUAL(60, vips_image_get_page_height(stored.get()));
  }

  void testCropOutsideTheImageIsRefused() {
    auto result = VipsImageProcessor(config_).process(ImageKind::kProfile, detailLeft(), work_,
                                                      ProcessOptions{CropRect{800, 0, 200, 200}});
    CPPUNIT_ASSERT(!result);
    CPPUNIT_ASSERT(result.status().code() == core::StatusCode::kInvalidArgument);
    CPPUNIT_ASSERT_EQUAL(std::string("crop 800,0,200,200 is outside the 900x300 image"),
                         result.status().message());
    CPPUNIT_ASSERT(fs::is_empty(work_));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsCropTest, "image");

}  // namespace
}  // namespace userimg::image
