// VipsImageProcessor's placeholders: made at upload from the pixels the
// variants are cut from (image/placeholder/placeholder.h), on every path a
// still source takes: the still held in memory, an animation's first frame,
// a reduced copy of a still too large to hold, and a tiny copy when there is
// no still variant at all.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <array>
#include <filesystem>
#include <memory>
#include <string>

#include "image/placeholder/blurhash.h"
#include "image/vips_image_processor.h"
#include "image_fixtures.h"
#include "processor_fixture.h"

namespace userimg::image {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;
using namespace testing;

using Rgb = std::array<int, 3>;

Rgb rgbOf(std::int32_t value) {
  return {(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF};
}

// "#rrggbb" as numbers; fails on anything else.
Rgb parseColor(const std::string& color) {
  CPPUNIT_ASSERT_EQUAL_MESSAGE(color, std::size_t{7}, color.size());
  CPPUNIT_ASSERT_EQUAL_MESSAGE(color, '#', color[0]);
  return rgbOf(static_cast<std::int32_t>(std::stoi(color.substr(1), nullptr, 16)));
}

// The BlurHash's DC term: the image's average colour.
Rgb averageOf(const std::string& blurhash) {
  CPPUNIT_ASSERT_MESSAGE(blurhash, blurhash.size() >= 6);
  const std::int32_t dc = placeholder::base83Decode(blurhash.substr(2, 4));
  CPPUNIT_ASSERT_MESSAGE(blurhash, dc >= 0);
  return rgbOf(dc);
}

std::string describe(const Rgb& rgb) {
  return std::to_string(rgb[0]) + "," + std::to_string(rgb[1]) + "," + std::to_string(rgb[2]);
}

// Fails unless every channel of `actual` is within `tolerance` of `expected`.
void assertNear(const std::string& what, const Rgb& expected, const Rgb& actual,
                int tolerance = 12) {
  for (int c = 0; c < 3; ++c) {
    CPPUNIT_ASSERT_MESSAGE(what + ": " + describe(actual) + " is not near " + describe(expected),
                           std::abs(expected[c] - actual[c]) <= tolerance);
  }
}

class VipsImageProcessorPlaceholderTest : public ProcessorFixture {
  CPPUNIT_TEST_SUITE(VipsImageProcessorPlaceholderTest);
  CPPUNIT_TEST(testSolidRedStillGetsARedPlaceholder);
  CPPUNIT_TEST(testComponentsFollowTheStoredImage);
  CPPUNIT_TEST(testNoPlaceholderWhenTurnedOff);
  CPPUNIT_TEST(testPlaceholderWithoutAnyVariant);
  CPPUNIT_TEST(testAnimationGetsItsFirstFramesPlaceholder);
  CPPUNIT_TEST(testStillTooLargeToHoldGetsAPlaceholder);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSolidRedStillGetsARedPlaceholder() {
    const fs::path input = *dir_ / "red.jpg";
    save(solidImage(800, 600, 255, 0, 0).get(), input);
    for (ImageKind kind : {ImageKind::kProfile, ImageKind::kCover}) {
      const placeholder::Placeholder made = placeholderOf(config::ImagesConfig(), kind, input);
      assertNear("colour " + made.color, {255, 0, 0}, parseColor(made.color));
      assertNear("average of " + made.blurhash, {255, 0, 0}, averageOf(made.blurhash));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(made.blurhash, std::size_t{28}, made.blurhash.size());  // 4x3
    }
  }

  void testComponentsFollowTheStoredImage() {
    // Upright and bounded (a profile image's longest side is 1024): 4x4 for
    // a square, 3x4 for a portrait.
    const fs::path square = *dir_ / "square.png";
    save(noiseImage(1500, 1500).get(), square);
    const config::ImagesConfig defaults;
    CPPUNIT_ASSERT_EQUAL(std::size_t{36},
                         placeholderOf(defaults, ImageKind::kProfile, square).blurhash.size());
    const fs::path portrait = *dir_ / "portrait.png";
    save(noiseImage(600, 900).get(), portrait);
    const std::string hash = placeholderOf(defaults, ImageKind::kProfile, portrait).blurhash;
    CPPUNIT_ASSERT_EQUAL(std::size_t{28}, hash.size());
    CPPUNIT_ASSERT_EQUAL_MESSAGE(hash, 2 + (4 - 1) * 9,
                                 placeholder::base83Decode(hash.substr(0, 1)));
  }

  void testNoPlaceholderWhenTurnedOff() {
    const fs::path input = *dir_ / "red.png";
    save(solidImage(300, 200, 255, 0, 0).get(), input);
    config::ImagesConfig off;
    off.placeholders = false;
    for (ImageKind kind : {ImageKind::kProfile, ImageKind::kCover}) {
      auto result = VipsImageProcessor(off).process(kind, input, work_);
      CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
      CPPUNIT_ASSERT(!result->placeholder.has_value());
      CPPUNIT_ASSERT(!result->variants.empty());
    }
  }

  void testPlaceholderWithoutAnyVariant() {
    config::ImagesConfig none;
    none.profileVariants.clear();
    none.coverVariants.clear();
    const fs::path still = *dir_ / "green.jpg";
    save(solidImage(640, 480, 0, 200, 0).get(), still);
    const placeholder::Placeholder made = placeholderOf(none, ImageKind::kCover, still);
    assertNear("colour", {0, 200, 0}, parseColor(made.color));
    // Without a still in memory (an animation) nor a variant to cut: a tiny
    // copy of the stored animation's first frame.
    const fs::path gif = *dir_ / "anim.gif";
    save(animation(160, 120, 3).get(), gif);
    assertNear("colour of an animation", {0, 255, 60},
               parseColor(placeholderOf(none, ImageKind::kProfile, gif).color), 24);
  }

  void testAnimationGetsItsFirstFramesPlaceholder() {
    // Frames of (0, 255, 60), (80, 205, 60), (160, 155, 60): the first one's.
    const fs::path gif = *dir_ / "anim.gif";
    save(animation(160, 120, 3).get(), gif);
    const placeholder::Placeholder still = placeholderOf({}, ImageKind::kProfile, gif);
    assertNear("colour", {0, 255, 60}, parseColor(still.color), 24);
    assertNear("average", {0, 255, 60}, averageOf(still.blurhash), 24);
    config::ImagesConfig animated;
    animated.animatedVariants = true;
    const placeholder::Placeholder moving = placeholderOf(animated, ImageKind::kCover, gif);
    assertNear("colour with animated variants", {0, 255, 60}, parseColor(moving.color), 24);
  }

  void testStillTooLargeToHoldGetsAPlaceholder() {
    // 2560 x 9000 (69 MB decoded): streamed, its variants cut from a reduced
    // copy (vips_variants_test.cpp), and its placeholder made from that copy.
    const fs::path input = *dir_ / "tall.jpg";
    save(solidImage(2560, 9000, 20, 40, 220).get(), input);
    const placeholder::Placeholder made = placeholderOf({}, ImageKind::kCover, input);
    assertNear("colour", {20, 40, 220}, parseColor(made.color));
    assertNear("average", {20, 40, 220}, averageOf(made.blurhash));
  }

 private:
  // The placeholder of `input` processed as `kind` with `config`; fails
  // when processing fails or makes none.
  placeholder::Placeholder placeholderOf(const config::ImagesConfig& config, ImageKind kind,
                                         const fs::path& input) {
    auto result = VipsImageProcessor(config).process(kind, input, work_);
    CPPUNIT_ASSERT_MESSAGE(result.status().toString(), result.ok());
    CPPUNIT_ASSERT_MESSAGE(input.string() + " has no placeholder", result->placeholder);
    return *result->placeholder;
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(VipsImageProcessorPlaceholderTest, "image");

}  // namespace
}  // namespace userimg::image
