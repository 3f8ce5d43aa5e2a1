// VipsImageProcessor with ProcessOptions::fromStoredImage (`userimgctl
// regenerate`): the stored main image is the input and the result's file,
// byte for byte; only its variants and placeholder are made, from its
// pixels, for the configuration of now.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <string>
#include <vector>

#include "image/vips_image_processor.h"
#include "image_fixtures.h"
#include "processor_fixture.h"

namespace userimg::image {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;
using namespace testing;

class VipsImageProcessorStoredTest : public ProcessorFixture {
  CPPUNIT_TEST_SUITE(VipsImageProcessorStoredTest);
  CPPUNIT_TEST(testKeepsTheStoredImageByteIdenticalAndMakesTheConfiguredVariants);
  CPPUNIT_TEST(testNeverShrinksTheStoredImageToANewBound);
  CPPUNIT_TEST(testCutsSquaresFromTheStoredSquareSource);
  CPPUNIT_TEST(testStoredCoverIgnoresTheCrop);
  CPPUNIT_TEST(testPlansTheConfiguredVariants);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testKeepsTheStoredImageByteIdenticalAndMakesTheConfiguredVariants() {
    const fs::path stored = storedImage(ImageKind::kProfile, noiseImage(800, 600), {});
    const std::string before = readBytes(stored);
    config_.profileVariants = {48, 96};
    ProcessOptions options;
    options.fromStoredImage = true;
    const ProcessedImage result = process(ImageKind::kProfile, stored, options);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the result is the stored file itself", stored, result.file);
    CPPUNIT_ASSERT_MESSAGE("byte for byte", readBytes(stored) == before);
    CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(before.size()), result.bytes);
    CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), result.contentType);
    CPPUNIT_ASSERT_EQUAL(800, result.width.value_or(0));
    CPPUNIT_ASSERT_EQUAL(600, result.height.value_or(0));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, result.variants.size());
    for (std::size_t i = 0; i < 2; ++i) {
      const int side = config_.profileVariants[i];
      const ProcessedVariant& variant = result.variants[i];
      CPPUNIT_ASSERT_EQUAL(std::to_string(side), variant.name);
      CPPUNIT_ASSERT_EQUAL(work_, variant.file.parent_path());
      CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), variant.contentType);
      Image pixels = load(variant.file);
      CPPUNIT_ASSERT_EQUAL(side, pixels->Xsize);
      CPPUNIT_ASSERT_EQUAL(side, pixels->Ysize);
    }
    CPPUNIT_ASSERT_MESSAGE("a placeholder is made", result.placeholder.has_value());
  }

  void testNeverShrinksTheStoredImageToANewBound() {
    const fs::path stored = storedImage(ImageKind::kCover, noiseImage(1200, 400), {});
    const std::string before = readBytes(stored);
    config_.coverMaxWidth = 600;  // lowered since it was stored
    config_.coverVariants = {300};
    ProcessOptions options;
    options.fromStoredImage = true;
    const ProcessedImage result = process(ImageKind::kCover, stored, options);
    CPPUNIT_ASSERT_MESSAGE("untouched", readBytes(result.file) == before);
    CPPUNIT_ASSERT_EQUAL(1200, result.width.value_or(0));
    CPPUNIT_ASSERT_EQUAL(std::string("300w"), result.variants.at(0).name);
    CPPUNIT_ASSERT_EQUAL(300, load(result.variants.at(0).file)->Xsize);
    CPPUNIT_ASSERT_EQUAL(100, result.variants.at(0).height);
  }

  void testCutsSquaresFromTheStoredSquareSource() {
    // Red on the left, blue on the right; the uploader chose the blue square.
    ProcessOptions upload;
    upload.crop = CropRect{200, 0, 200, 200};
    ProcessedImage first;
    const fs::path stored = storedImage(ImageKind::kProfile, redBesideBlue(200, 1), upload, &first);
    CPPUNIT_ASSERT_MESSAGE("the upload records its square source", first.squareSource.has_value());
    config_.profileVariants = {40};
    ProcessOptions options;
    options.fromStoredImage = true;
    options.crop = first.squareSource;
    const ProcessedImage result = process(ImageKind::kProfile, stored, options);
    CPPUNIT_ASSERT_MESSAGE("the square source is kept",
                           result.squareSource && result.squareSource->x == first.squareSource->x &&
                               result.squareSource->width == first.squareSource->width);
    const std::vector<double> centre = pixelAt(load(result.variants.at(0).file).get(), 20, 20);
    CPPUNIT_ASSERT_MESSAGE(
        "the square is blue: " + std::to_string(centre[0]) + "," + std::to_string(centre[2]),
        centre[2] > 150 && centre[0] < 100);
  }

  void testStoredCoverIgnoresTheCrop() {
    const fs::path stored = storedImage(ImageKind::kCover, noiseImage(900, 300), {});
    ProcessOptions options;
    options.fromStoredImage = true;
    options.crop = CropRect{0, 0, 10, 10};
    const ProcessedImage result = process(ImageKind::kCover, stored, options);
    CPPUNIT_ASSERT_EQUAL(900, result.width.value_or(0));
    CPPUNIT_ASSERT_EQUAL(640, load(result.variants.at(0).file)->Xsize);
    CPPUNIT_ASSERT_MESSAGE("a cover has no square source", !result.squareSource);
  }

  void testPlansTheConfiguredVariants() {
    config_.profileVariants = {32, 64};
    config_.coverVariants = {500};
    config_.placeholders = false;
    const VipsImageProcessor processor(config_);
    const VariantPlan profile = processor.plan(ImageKind::kProfile);
    CPPUNIT_ASSERT_MESSAGE("profile squares", profile.variants == (std::vector<PlannedVariant>{
                                                                      {"32", ""}, {"64", ""}}));
    CPPUNIT_ASSERT(!profile.placeholder);
    CPPUNIT_ASSERT_MESSAGE("cover widths", processor.plan(ImageKind::kCover).variants ==
                                               (std::vector<PlannedVariant>{{"500w", ""}}));
  }

 private:
  // `image` uploaded as a `kind` image with the default configuration; the
  // stored file is a copy of the result, outside the work directory.
  fs::path storedImage(ImageKind kind, const Image& image, const ProcessOptions& options,
                       ProcessedImage* processed = nullptr) {
    const fs::path upload = *dir_ / "upload.jpg";
    save(image.get(), upload);
    const ProcessedImage first = process(kind, upload, options);
    const fs::path stored = *dir_ / ("stored." + first.extension);
    fs::copy_file(first.file, stored, fs::copy_options::overwrite_existing);
    if (processed != nullptr) *processed = first;
    return stored;
  }
};

}  // namespace

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsImageProcessorStoredTest, "image");

}  // namespace userimg::image
