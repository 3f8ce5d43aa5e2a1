#include "image/placeholder/placeholder.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "image/placeholder/blurhash.h"
#include "image/placeholder/test_pixels.h"

namespace userimg::image::placeholder {
namespace {

using fixtures::painted;
using fixtures::Pixels;
using fixtures::solid;

std::string componentsOf(int width, int height) {
  const Components c = componentsFor(width, height);
  return std::to_string(c.x) + "x" + std::to_string(c.y);
}

const std::uint8_t* at(const ShrunkPixels& pixels, int x, int y) {
  return pixels.data.data() + (static_cast<std::size_t>(y) * pixels.width + x) * pixels.channels;
}

class PlaceholderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PlaceholderTest);
  CPPUNIT_TEST(testComponentsFollowTheAspect);
  CPPUNIT_TEST(testTinyCopyIsAtMostTinySideOnTheLongerSide);
  CPPUNIT_TEST(testTinyCopyOfASmallImageIsTheImage);
  CPPUNIT_TEST(testTinyCopyKeepsWhereColoursAre);
  CPPUNIT_TEST(testTinyCopyAveragesOnePixelPatterns);
  CPPUNIT_TEST(testSolidImageGivesItsColour);
  CPPUNIT_TEST(testTransparentPixelsCountAsWhiteInTheHash);
  CPPUNIT_TEST(testRefusesInvalidPixelViews);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testComponentsFollowTheAspect() {
    CPPUNIT_ASSERT_EQUAL(std::string("4x4"), componentsOf(256, 256));
    CPPUNIT_ASSERT_EQUAL(std::string("4x4"), componentsOf(1000, 800));  // 5:4
    CPPUNIT_ASSERT_EQUAL(std::string("4x4"), componentsOf(800, 1000));
    CPPUNIT_ASSERT_EQUAL(std::string("4x3"), componentsOf(1001, 800));
    CPPUNIT_ASSERT_EQUAL(std::string("4x3"), componentsOf(1024, 768));
    CPPUNIT_ASSERT_EQUAL(std::string("3x4"), componentsOf(768, 1024));
    CPPUNIT_ASSERT_EQUAL(std::string("4x3"), componentsOf(2560, 640));
    CPPUNIT_ASSERT_EQUAL(std::string("3x4"), componentsOf(1, 1000));
  }

  void testTinyCopyIsAtMostTinySideOnTheLongerSide() {
    struct Case {
      int width, height, tinyWidth, tinyHeight;
    };
    for (const Case& c : {Case{1024, 768, 64, 48}, Case{1024, 1024, 64, 64},
                          Case{2560, 1440, 64, 36}, Case{768, 1024, 48, 64}, Case{65, 20, 33, 10},
                          Case{300, 200, 50, 34}, Case{2560, 8000, 21, 64}, Case{5000, 3, 63, 1}}) {
      const Pixels pixels = solid(c.width, c.height, {10, 20, 30});
      const ShrunkPixels tiny = tinyCopy(pixels.view());
      const std::string size = std::to_string(c.width) + "x" + std::to_string(c.height);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(size, c.tinyWidth, tiny.width);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(size, c.tinyHeight, tiny.height);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(size, 3, tiny.channels);
      CPPUNIT_ASSERT_MESSAGE(size, std::max(tiny.width, tiny.height) <= kTinySide);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(size, 30,
                                   static_cast<int>(at(tiny, tiny.width - 1, tiny.height - 1)[2]));
    }
  }

  void testTinyCopyOfASmallImageIsTheImage() {
    const Pixels pixels = painted(64, 40, 4, [](int x, int y) {
      return std::vector<std::uint8_t>{static_cast<std::uint8_t>(x * 4),
                                       static_cast<std::uint8_t>(y * 6), 7,
                                       static_cast<std::uint8_t>(255 - x)};
    });
    const ShrunkPixels tiny = tinyCopy(pixels.view());
    CPPUNIT_ASSERT_EQUAL(64, tiny.width);
    CPPUNIT_ASSERT_EQUAL(40, tiny.height);
    CPPUNIT_ASSERT(tiny.data == pixels.bytes);
  }

  void testTinyCopyKeepsWhereColoursAre() {
    // Red on the left, blue on the right, a green bottom quarter.
    const Pixels pixels = painted(1200, 800, 3, [](int x, int y) {
      if (y >= 600) return std::vector<std::uint8_t>{0, 255, 0};
      return x < 600 ? std::vector<std::uint8_t>{255, 0, 0} : std::vector<std::uint8_t>{0, 0, 255};
    });
    const ShrunkPixels tiny = tinyCopy(pixels.view());
    CPPUNIT_ASSERT_EQUAL(60, tiny.width);
    CPPUNIT_ASSERT_EQUAL(40, tiny.height);
    CPPUNIT_ASSERT_EQUAL(255, static_cast<int>(at(tiny, 5, 5)[0]));
    CPPUNIT_ASSERT_EQUAL(255, static_cast<int>(at(tiny, 55, 5)[2]));
    CPPUNIT_ASSERT_EQUAL(255, static_cast<int>(at(tiny, 30, 35)[1]));
  }

  // A checkerboard and stripes one pixel wide: sampling every n-th pixel
  // alone would see a single colour of them and paint it black or white.
  void testTinyCopyAveragesOnePixelPatterns() {
    using Pattern = std::function<bool(int, int)>;
    const Pattern patterns[] = {[](int x, int y) { return (x + y) % 2 == 0; },
                                [](int x, int) { return x % 2 == 0; },
                                [](int, int y) { return y % 2 == 0; }};
    for (int width : {1024, 2560, 999}) {
      for (std::size_t p = 0; p < std::size(patterns); ++p) {
        const Pattern& white = patterns[p];
        const Pixels pixels = painted(width, width * 3 / 4, 1, [&](int x, int y) {
          return std::vector<std::uint8_t>{static_cast<std::uint8_t>(white(x, y) ? 255 : 0)};
        });
        const ShrunkPixels tiny = tinyCopy(pixels.view());
        long sum = 0;
        for (const std::uint8_t value : tiny.data) sum += value;
        const long mean = sum / static_cast<long>(tiny.data.size());
        const std::string what = "pattern " + std::to_string(p) + " at " + std::to_string(width);
        CPPUNIT_ASSERT_MESSAGE(what + ": mean " + std::to_string(mean), mean > 96 && mean < 160);
        auto placeholder = makePlaceholder(pixels.view());
        CPPUNIT_ASSERT_MESSAGE(placeholder.status().toString(), placeholder.ok());
        CPPUNIT_ASSERT_MESSAGE(what + ": " + placeholder->color,
                               placeholder->color != "#000000" && placeholder->color != "#ffffff");
      }
    }
  }

  void testSolidImageGivesItsColour() {
    for (int width : {800, 40}) {
      const Pixels red = solid(width, width * 3 / 4, {255, 0, 0});
      auto placeholder = makePlaceholder(red.view());
      CPPUNIT_ASSERT_MESSAGE(placeholder.status().toString(), placeholder.ok());
      CPPUNIT_ASSERT_EQUAL(std::string("#ff0000"), placeholder->color);
      // 4x3 components: 4 + 2 x 12 characters; the DC term is exactly red
      // (the AC terms are not quite 0: BlurHash samples its cosines at p / n,
      // not at pixel centres, and a corner paints a little darker).
      const std::string& hash = placeholder->blurhash;
      CPPUNIT_ASSERT_EQUAL_MESSAGE(hash, std::size_t{28}, hash.size());
      CPPUNIT_ASSERT_EQUAL_MESSAGE(hash, 0xFF0000, base83Decode(hash.substr(2, 4)));
      auto painted = blurhashDecode(hash, 8, 6);
      CPPUNIT_ASSERT_MESSAGE(painted.status().toString(), painted.ok());
      for (std::size_t i = 0; i < painted->size(); i += 3) {
        CPPUNIT_ASSERT_MESSAGE(
            hash, (*painted)[i] > 230 && (*painted)[i + 1] < 16 && (*painted)[i + 2] < 16);
      }
    }
    // A square gets 4x4 components: 36 characters.
    auto square = makePlaceholder(solid(300, 300, {0, 0, 255}).view());
    CPPUNIT_ASSERT_EQUAL(std::size_t{36}, square->blurhash.size());
    CPPUNIT_ASSERT_EQUAL(std::string("#0000ff"), square->color);
  }

  void testTransparentPixelsCountAsWhiteInTheHash() {
    // Mostly transparent red: blurhash.h composites onto white (a pale
    // pink), the dominant colour counts the opaque red stripe only.
    const Pixels pixels = painted(400, 300, 4, [](int x, int) {
      return std::vector<std::uint8_t>{255, 0, 0, static_cast<std::uint8_t>(x < 40 ? 255 : 0)};
    });
    auto placeholder = makePlaceholder(pixels.view());
    CPPUNIT_ASSERT_MESSAGE(placeholder.status().toString(), placeholder.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("#ff0000"), placeholder->color);
    const std::int32_t dc = base83Decode(placeholder->blurhash.substr(2, 4));
    CPPUNIT_ASSERT_EQUAL(255, dc >> 16);
    CPPUNIT_ASSERT_MESSAGE(std::to_string(dc), ((dc >> 8) & 0xFF) > 200 && (dc & 0xFF) > 200);
  }

  void testRefusesInvalidPixelViews() {
    const std::vector<std::uint8_t> bytes(12);
    CPPUNIT_ASSERT(!makePlaceholder(PixelView{0, 1, 3, 12, bytes.data()}));
    CPPUNIT_ASSERT(!makePlaceholder(PixelView{2, 2, 5, 12, bytes.data()}));
    CPPUNIT_ASSERT(!makePlaceholder(PixelView{4, 1, 3, 12, nullptr}));
    CPPUNIT_ASSERT(makePlaceholder(PixelView{4, 1, 3, 12, bytes.data()}).ok());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PlaceholderTest, "image_placeholder");

}  // namespace
}  // namespace userimg::image::placeholder
