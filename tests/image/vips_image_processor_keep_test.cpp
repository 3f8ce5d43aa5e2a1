// VipsImageProcessor with [images] keep_jpeg: a JPEG upload that already is
// what would be stored keeps its own compressed data (image/jpeg_keep.h);
// any other is encoded again, and the variants are the same either way.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <string>

#include "image/jpeg_keep.h"
#include "image/vips_image_processor.h"
#include "image_fixtures.h"
#include "processor_fixture.h"

namespace userimg::image {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;
using namespace testing;

std::string keptBytesOf(const std::string& file) {
  auto kept = keptJpeg({reinterpret_cast<const unsigned char*>(file.data()), file.size()});
  CPPUNIT_ASSERT(std::holds_alternative<KeptJpeg>(kept));
  const auto& bytes = std::get<KeptJpeg>(kept).bytes;
  return {bytes.begin(), bytes.end()};
}

double meanDifference(const fs::path& a, const fs::path& b) {
  Image left = load(a), right = load(b);
  VipsImage* diff = nullptr;
  CPPUNIT_ASSERT_EQUAL(0, vips_subtract(left.get(), right.get(), &diff, nullptr));
  Image owned(diff);
  VipsImage* magnitude = nullptr;
  CPPUNIT_ASSERT_EQUAL(0, vips_abs(owned.get(), &magnitude, nullptr));
  Image abs(magnitude);
  return average(abs.get());
}

class VipsImageProcessorKeepTest : public ProcessorFixture {
  CPPUNIT_TEST_SUITE(VipsImageProcessorKeepTest);
  CPPUNIT_TEST(testKeepsAFittingJpegWithoutItsMetadata);
  CPPUNIT_TEST(testEncodesAgainWhatIsNotWhatWouldBeStored);
  CPPUNIT_TEST(testVariantsAreTheSameAsFromAnEncodedUpload);
  CPPUNIT_TEST(testAJpegWithWarningsIsEncodedAgain);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testKeepsAFittingJpegWithoutItsMetadata() {
    const fs::path plain = *dir_ / "plain.jpg";
    save(noiseImage(800, 600).get(), plain, "[Q=80,strip]");
    const std::string upload =
        spliceAfterSoi(readBytes(plain), gpsExifSegment()) + "trailing bytes after EOI";
    const fs::path input = *dir_ / "upload.jpg";
    writeBytes(input, upload);

    const ProcessedImage result = process(ImageKind::kProfile, input);
    const std::string stored = readBytes(result.file);
    CPPUNIT_ASSERT(stored == keptBytesOf(upload));
    CPPUNIT_ASSERT(!contains(stored, kGpsDatum));
    CPPUNIT_ASSERT(!contains(stored, "trailing"));
    CPPUNIT_ASSERT_EQUAL(800, *result.width);
    CPPUNIT_ASSERT_EQUAL(600, *result.height);
    CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(stored.size()), result.bytes);
    CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), result.contentType);
    CPPUNIT_ASSERT_EQUAL(0.0, meanDifference(plain, result.file));  // not one pixel changed
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, result.variants.size());
    for (const ProcessedVariant& variant : result.variants) {
      const Image image = load(variant.file);
      CPPUNIT_ASSERT_EQUAL(std::stoi(variant.name), image->Xsize);
      CPPUNIT_ASSERT_EQUAL(std::stoi(variant.name), image->Ysize);
    }
    CPPUNIT_ASSERT(result.placeholder.has_value());
  }

  void testEncodesAgainWhatIsNotWhatWouldBeStored() {
    struct Case {
      std::string what;
      fs::path file;
    };
    std::vector<Case> cases;
    auto add = [&](const std::string& what, VipsImage* image, const std::string& options) {
      const fs::path file = *dir_ / (std::to_string(cases.size()) + ".jpg");
      save(image, file, options);
      cases.push_back({what, file});
    };
    add("larger than the box", noiseImage(1200, 900).get(), "[Q=80,strip]");
    add("finer than jpeg_quality", noiseImage(400, 300).get(), "[Q=95,strip]");
    add("an ICC profile", p3Red(400, 300).get(), "[Q=80]");
    const fs::path turned = *dir_ / "turned.jpg";
    save(noiseImage(400, 300).get(), turned, "[Q=80,strip]");
    writeBytes(turned, spliceAfterSoi(readBytes(turned), gpsExifSegment(6)));
    cases.push_back({"turned by EXIF", turned});
    for (const Case& c : cases) {
      const ProcessedImage result = process(ImageKind::kProfile, c.file);
      const std::string stored = readBytes(result.file);
      // Encoded: progressive, as every encoded stored image.
      CPPUNIT_ASSERT_MESSAGE(c.what, contains(stored, std::string("\xFF\xC2", 2)));
      CPPUNIT_ASSERT_MESSAGE(c.what, !contains(stored, kGpsDatum));
    }
    // And with keep_jpeg off, the upload that is kept above is encoded too.
    config_.keepJpeg = false;
    const fs::path fitting = *dir_ / "fitting.jpg";
    save(noiseImage(400, 300).get(), fitting, "[Q=80,strip]");
    const std::string stored = readBytes(process(ImageKind::kProfile, fitting).file);
    CPPUNIT_ASSERT(stored != keptBytesOf(readBytes(fitting)));
    CPPUNIT_ASSERT(contains(stored, std::string("\xFF\xC2", 2)));
  }

  void testVariantsAreTheSameAsFromAnEncodedUpload() {
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(1024, 768).get(), input, "[Q=85,strip]");
    const ProcessedImage kept = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT(readBytes(kept.file) == keptBytesOf(readBytes(input)));
    config_.keepJpeg = false;
    const ProcessedImage encoded = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT_EQUAL(encoded.variants.size(), kept.variants.size());
    for (std::size_t i = 0; i < kept.variants.size(); ++i) {
      const std::string& name = kept.variants[i].name;
      CPPUNIT_ASSERT_EQUAL(encoded.variants[i].name, name);
      // The same window of the same scene, resampled from a decode at 1/2
      // instead of a whole one: only resampling and JPEG differences, on
      // noise (the bound VipsVariantsTest allows them).
      const double difference = meanDifference(kept.variants[i].file, encoded.variants[i].file);
      CPPUNIT_ASSERT_MESSAGE(name + ": " + std::to_string(difference), difference < 12.0);
    }
  }

  void testAJpegWithWarningsIsEncodedAgain() {
    // A scan cut short, with EOI after it: libjpeg decodes it with a
    // warning (grey rows below the cut), which a kept file would keep.
    const fs::path whole = *dir_ / "whole.jpg";
    save(noiseImage(400, 300).get(), whole, "[Q=80,strip]");
    const std::string bytes = readBytes(whole);
    const fs::path input = *dir_ / "cut.jpg";
    writeBytes(input, bytes.substr(0, bytes.size() / 2) + "\xFF\xD9");
    auto result = VipsImageProcessor(config_).process(ImageKind::kProfile, input, work_);
    config_.keepJpeg = false;
    auto encoded = VipsImageProcessor(config_).process(ImageKind::kProfile, input, work_);
    // Whatever the encoding path answers, the keeping one answers the same.
    CPPUNIT_ASSERT_EQUAL(encoded.ok(), result.ok());
    if (result.ok()) {
      CPPUNIT_ASSERT(contains(readBytes(result->file), std::string("\xFF\xC2", 2)));
    }
  }
};

}  // namespace

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsImageProcessorKeepTest, "image");

}  // namespace userimg::image
