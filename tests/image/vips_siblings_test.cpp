// Siblings of the variants in other formats ([images] sibling_formats,
// lib/image/variant_set.cpp): what is made, in which format and
// size, from which pixels, and when none is.
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <string>
#include <vector>

#include "image/sniff.h"
#include "image/vips_image_processor.h"
#include "image_fixtures.h"
#include "processor_fixture.h"

namespace userimg::image {
namespace {

namespace fs = std::filesystem;
using config::SiblingFormat;
using core::ImageKind;
using namespace testing;

// The mean absolute difference of two images of one size, per band value.
double difference(VipsImage* a, VipsImage* b) {
  VipsImage* subtracted = nullptr;
  CPPUNIT_ASSERT(vips_subtract(a, b, &subtracted, nullptr) == 0);
  Image diff(subtracted);
  VipsImage* magnitude = nullptr;
  CPPUNIT_ASSERT(vips_abs(diff.get(), &magnitude, nullptr) == 0);
  Image abs(magnitude);
  return average(abs.get());
}

std::vector<std::string> namesAndTypes(const ProcessedImage& result) {
  std::vector<std::string> out;
  for (const ProcessedVariant& variant : result.variants) {
    out.push_back(variant.name + " " + variant.contentType);
  }
  return out;
}

class VipsSiblingsTest : public ProcessorFixture {
  CPPUNIT_TEST_SUITE(VipsSiblingsTest);
  CPPUNIT_TEST(testDefaultIsAWebpSiblingPerVariant);
  CPPUNIT_TEST(testSiblingsAreTheVariantsPixels);
  CPPUNIT_TEST(testCoverWidthsGetSiblings);
  CPPUNIT_TEST(testWebpImageGetsNoWebpSiblings);
  CPPUNIT_TEST(testMainSiblingWhenAsked);
  CPPUNIT_TEST(testAvifSiblings);
  CPPUNIT_TEST(testAnimatedVariantsGetNone);
  CPPUNIT_TEST(testNoneWhenOff);
  CPPUNIT_TEST(testNoOutputCarriesMetadata);
  CPPUNIT_TEST(testWebpEffortIsTheConfigured);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    ProcessorFixture::setUp();
    config_ = config::ImagesConfig{};  // the defaults, siblings included
  }

  void testDefaultIsAWebpSiblingPerVariant() {
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(800, 600).get(), input);
    const ProcessedImage result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT(
        namesAndTypes(result) ==
        (std::vector<std::string>{"64 image/jpeg", "64 image/webp", "128 image/jpeg",
                                  "128 image/webp", "256 image/jpeg", "256 image/webp"}));
    for (const ProcessedVariant& variant : result.variants) {
      if (variant.contentType != "image/webp") continue;
      CPPUNIT_ASSERT_EQUAL(std::string("webp"), variant.extension);
      CPPUNIT_ASSERT_EQUAL(std::string(".webp"), variant.file.extension().string());
      CPPUNIT_ASSERT(sniffFormat(readFileHead(variant.file).value()) == ImageFormat::kWebp);
      CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(fs::file_size(variant.file)), variant.bytes);
      Image webp = load(variant.file);
      CPPUNIT_ASSERT_EQUAL(std::stoi(variant.name), webp->Xsize);
      CPPUNIT_ASSERT_EQUAL(std::stoi(variant.name), webp->Ysize);
      CPPUNIT_ASSERT_EQUAL(webp->Xsize, variant.width);
      CPPUNIT_ASSERT_EQUAL(webp->Ysize, variant.height);
    }
  }

  void testSiblingsAreTheVariantsPixels() {
    // Detail on the right: the sibling shows the same attention square.
    const fs::path input = *dir_ / "detail.jpg";
    save(greyWithDetail(900, 300, 660, 200).get(), input, "[Q=95]");
    const ProcessedImage result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT_EQUAL(std::size_t{6}, result.variants.size());
    for (std::size_t i = 0; i < result.variants.size(); i += 2) {
      Image jpeg = load(result.variants[i].file);
      Image webp = load(result.variants[i + 1].file);
      CPPUNIT_ASSERT_MESSAGE(result.variants[i].name, difference(jpeg.get(), webp.get()) < 6.0);
    }
  }

  void testCoverWidthsGetSiblings() {
    const fs::path input = *dir_ / "cover.jpg";
    save(noiseImage(1600, 400).get(), input);
    const ProcessedImage result = process(ImageKind::kCover, input);
    CPPUNIT_ASSERT(namesAndTypes(result) ==
                   (std::vector<std::string>{"640w image/jpeg", "640w image/webp"}));
    Image webp = load(result.variants[1].file);
    CPPUNIT_ASSERT_EQUAL(640, webp->Xsize);
    CPPUNIT_ASSERT_EQUAL(160, webp->Ysize);
  }

  void testWebpImageGetsNoWebpSiblings() {
    const fs::path input = *dir_ / "photo.webp";
    save(noiseImage(400, 300).get(), input);
    const ProcessedImage result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT(namesAndTypes(result) ==
                   (std::vector<std::string>{"64 image/webp", "128 image/webp", "256 image/webp"}));
  }

  void testMainSiblingWhenAsked() {
    config_.siblingMain = true;
    const fs::path input = *dir_ / "photo.png";
    save(noiseImage(500, 400, true).get(), input);
    const ProcessedImage result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT_EQUAL(std::size_t{7}, result.variants.size());
    const ProcessedVariant& full = result.variants.back();
    CPPUNIT_ASSERT_EQUAL(std::string("full"), full.name);
    CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), full.contentType);
    Image webp = load(full.file);
    Image main = load(result.file);
    CPPUNIT_ASSERT_EQUAL(500, webp->Xsize);
    CPPUNIT_ASSERT_EQUAL(400, webp->Ysize);
    CPPUNIT_ASSERT_EQUAL(4, webp->Bands);  // the alpha kept
    CPPUNIT_ASSERT(difference(main.get(), webp.get()) < 12.0);
  }

  void testAvifSiblings() {
    config_.siblingFormats = {SiblingFormat::kWebp, SiblingFormat::kAvif};
    config_.profileVariants = {128};
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(400, 300).get(), input);
    const ProcessedImage result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT(
        namesAndTypes(result) ==
        (std::vector<std::string>{"128 image/jpeg", "128 image/webp", "128 image/avif"}));
    const ProcessedVariant& avif = result.variants[2];
    CPPUNIT_ASSERT_EQUAL(std::string("avif"), avif.extension);
    // An ISO BMFF file whose brand is AVIF's.
    CPPUNIT_ASSERT(contains(readBytes(avif.file).substr(0, 32), "ftypavif"));
    Image decoded = load(avif.file);
    CPPUNIT_ASSERT_EQUAL(128, decoded->Xsize);
    CPPUNIT_ASSERT_EQUAL(128, decoded->Ysize);
    Image jpeg = load(result.variants[0].file);
    CPPUNIT_ASSERT(difference(jpeg.get(), decoded.get()) < 12.0);
  }

  void testAnimatedVariantsGetNone() {
    config_.animatedVariants = true;
    const fs::path input = *dir_ / "anim.gif";
    save(animation(120, 90, 3).get(), input);
    const ProcessedImage result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT(namesAndTypes(result) ==
                   (std::vector<std::string>{"64 image/gif", "128 image/gif", "256 image/gif"}));
  }

  void testNoneWhenOff() {
    config_.siblingFormats.clear();
    config_.siblingMain = true;
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(400, 300).get(), input);
    const ProcessedImage result = process(ImageKind::kProfile, input);
    CPPUNIT_ASSERT(namesAndTypes(result) ==
                   (std::vector<std::string>{"64 image/jpeg", "128 image/jpeg", "256 image/jpeg"}));
  }

  void testWebpEffortIsTheConfigured() {
    const fs::path input = *dir_ / "photo.jpg";
    save(noiseImage(600, 400).get(), input);
    config_.profileVariants = {256};
    std::vector<std::string> bytes;
    for (const int effort : {0, 6}) {
      config_.webpEffort = effort;
      const ProcessedImage result = process(ImageKind::kProfile, input);
      CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), result.variants[1].contentType);
      bytes.push_back(readBytes(result.variants[1].file));
    }
    CPPUNIT_ASSERT_MESSAGE("efforts 0 and 6 make the same WebP", bytes[0] != bytes[1]);
  }

  void testNoOutputCarriesMetadata() {
    // A JPEG with GPS EXIF, and the same as a WebP with its EXIF, XMP and
    // ICC chunks (libvips 8.14.1's webpsave writes them despite "strip").
    const fs::path plain = *dir_ / "plain.jpg";
    save(noiseImage(320, 240).get(), plain, "[strip]");
    const fs::path jpeg = *dir_ / "gps.jpg";
    writeBytes(jpeg, spliceAfterSoi(readBytes(plain), gpsExifSegment()));
    const fs::path webp = *dir_ / "gps.webp";
    save(load(jpeg).get(), webp);
    CPPUNIT_ASSERT_MESSAGE("the WebP fixture carries the EXIF", contains(readBytes(webp), "EXIF"));
    CPPUNIT_ASSERT_MESSAGE("the WebP fixture carries the GPS datum",
                           contains(readBytes(webp), kGpsDatum));
    config_.siblingFormats = {SiblingFormat::kWebp, SiblingFormat::kAvif};
    config_.siblingMain = true;
    config_.profileVariants = {64};
    for (const fs::path& input : {jpeg, webp}) {
      const ProcessedImage result = process(ImageKind::kProfile, input);
      std::vector<fs::path> outputs = {result.file};
      for (const ProcessedVariant& variant : result.variants) outputs.push_back(variant.file);
      CPPUNIT_ASSERT(outputs.size() >= 4);
      for (const fs::path& file : outputs) {
        const std::string bytes = readBytes(file);
        const std::string where = input.filename().string() + " -> " + file.filename().string();
        CPPUNIT_ASSERT_MESSAGE(where, !contains(bytes, kGpsDatum));
        CPPUNIT_ASSERT_MESSAGE(where, !contains(bytes, "Exif"));
        CPPUNIT_ASSERT_MESSAGE(where, !contains(bytes, "EXIF"));
        CPPUNIT_ASSERT_MESSAGE(where, !contains(bytes, "XMP "));
        CPPUNIT_ASSERT_MESSAGE(where, !contains(bytes, "ICCP"));
        CPPUNIT_ASSERT_MESSAGE(where, vips_image_get_typeof(load(file).get(), "exif-data") == 0);
      }
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsSiblingsTest, "image");

}  // namespace
}  // namespace userimg::image
