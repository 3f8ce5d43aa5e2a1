#include "image/placeholder/dominant_color.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <string>
#include <vector>

namespace userimg::image::placeholder {
namespace {

using Colour = std::vector<std::uint8_t>;

// A one-row image: `count` pixels of each colour, in order.
struct Strip {
  int channels = 3;
  std::vector<std::uint8_t> bytes;

  Strip& add(int count, const Colour& colour) {
    channels = static_cast<int>(colour.size());
    for (int i = 0; i < count; ++i) bytes.insert(bytes.end(), colour.begin(), colour.end());
    return *this;
  }
  PixelView view() const {
    const int width = static_cast<int>(bytes.size()) / channels;
    return {width, 1, channels, bytes.size(), bytes.data()};
  }
};

std::string dominant(const PixelView& view) {
  core::Result<std::string> colour = dominantColor(view);
  CPPUNIT_ASSERT_MESSAGE(colour.status().toString(), colour.ok());
  return *colour;
}

class DominantColorTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DominantColorTest);
  CPPUNIT_TEST(testReturnsUniformColourExactly);
  CPPUNIT_TEST(testPicksColourOfMostPixelsNotTheAverage);
  CPPUNIT_TEST(testAveragesThePixelsOfTheWinningCell);
  CPPUNIT_TEST(testKeepsColourOnCellBoundaryTogether);
  CPPUNIT_TEST(testReadsRowsByStride);
  CPPUNIT_TEST(testIgnoresMostlyTransparentPixels);
  CPPUNIT_TEST(testFullyTransparentImageIsWhite);
  CPPUNIT_TEST(testRefusesInvalidPixelViews);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testReturnsUniformColourExactly() {
    CPPUNIT_ASSERT_EQUAL(std::string("#123456"),
                         dominant(Strip().add(64, {0x12, 0x34, 0x56}).view()));
    CPPUNIT_ASSERT_EQUAL(std::string("#abcdef"),
                         dominant(Strip().add(1, {0xAB, 0xCD, 0xEF}).view()));
    CPPUNIT_ASSERT_EQUAL(std::string("#000000"), dominant(Strip().add(9, {0, 0, 0}).view()));
    CPPUNIT_ASSERT_EQUAL(std::string("#ffffff"), dominant(Strip().add(9, {255, 255, 255}).view()));
    CPPUNIT_ASSERT_EQUAL(std::string("#0f10ef"),
                         dominant(Strip().add(9, {0x0F, 0x10, 0xEF, 255}).view()));
    CPPUNIT_ASSERT_EQUAL(std::string("#7f7f7f"), dominant(Strip().add(9, {0x7F}).view()));
    CPPUNIT_ASSERT_EQUAL(std::string("#7f7f7f"), dominant(Strip().add(9, {0x7F, 200}).view()));
  }

  void testPicksColourOfMostPixelsNotTheAverage() {
    // 70 % red, 30 % blue, wherever they are: red, where the mean would be
    // a purple (#921b51) that the image does not show.
    CPPUNIT_ASSERT_EQUAL(std::string("#c81e1e"),
                         dominant(Strip().add(30, {20, 20, 200}).add(70, {200, 30, 30}).view()));
    CPPUNIT_ASSERT_EQUAL(std::string("#c81e1e"),
                         dominant(Strip().add(70, {200, 30, 30}).add(30, {20, 20, 200}).view()));
    // A plurality is enough: 40 % against 30 % and 30 %.
    CPPUNIT_ASSERT_EQUAL(
        std::string("#14c814"),
        dominant(
            Strip().add(30, {250, 250, 250}).add(40, {20, 200, 20}).add(30, {20, 20, 20}).view()));
  }

  void testAveragesThePixelsOfTheWinningCell() {
    // Two shades 10 apart in one cell: their mean (105, 100, 100).
    CPPUNIT_ASSERT_EQUAL(
        std::string("#696464"),
        dominant(
            Strip().add(50, {100, 100, 100}).add(50, {110, 100, 100}).add(40, {0, 0, 250}).view()));
  }

  void testKeepsColourOnCellBoundaryTogether() {
    // 40 % of pixels with red 126-129, straddling 128 (a boundary of the
    // plain histogram, which halves them into two cells of 20 %), against
    // 35 % green and 25 % grey: the straddling colour still wins, whole
    // (mean red 127.5, rounded to 128).
    Strip strip;
    for (int i = 0; i < 80; ++i) strip.add(1, {static_cast<std::uint8_t>(126 + i % 4), 50, 50});
    strip.add(70, {20, 200, 20}).add(50, {200, 200, 200});
    CPPUNIT_ASSERT_EQUAL(std::string("#803232"), dominant(strip.view()));
  }

  void testReadsRowsByStride() {
    // Two rows of 3 pixels, 4 pixels apart; the padding (green) is never read.
    std::vector<std::uint8_t> bytes;
    for (int row = 0; row < 2; ++row) {
      for (int i = 0; i < 3; ++i) bytes.insert(bytes.end(), {9, 8, 7});
      bytes.insert(bytes.end(), {0, 255, 0});
    }
    CPPUNIT_ASSERT_EQUAL(std::string("#090807"), dominant({3, 2, 3, 12, bytes.data()}));
  }

  void testIgnoresMostlyTransparentPixels() {
    // 80 % transparent green (any alpha below 128), 20 % opaque blue: blue.
    CPPUNIT_ASSERT_EQUAL(std::string("#1020c0"), dominant(Strip()
                                                              .add(40, {0, 255, 0, 0})
                                                              .add(40, {0, 255, 0, 127})
                                                              .add(20, {16, 32, 192, 255})
                                                              .view()));
    // The same with grey and alpha.
    CPPUNIT_ASSERT_EQUAL(std::string("#202020"),
                         dominant(Strip().add(40, {250, 100}).add(20, {32, 128}).view()));
    // Half opaque counts, with its own colour.
    CPPUNIT_ASSERT_EQUAL(
        std::string("#00ff00"),
        dominant(Strip().add(40, {0, 255, 0, 128}).add(20, {16, 32, 192, 255}).view()));
  }

  void testFullyTransparentImageIsWhite() {
    CPPUNIT_ASSERT_EQUAL(std::string("#ffffff"), dominant(Strip().add(16, {30, 60, 90, 0}).view()));
  }

  void testRefusesInvalidPixelViews() {
    const std::uint8_t bytes[12] = {};
    const auto refusal = [](const PixelView& view) {
      core::Result<std::string> colour = dominantColor(view);
      CPPUNIT_ASSERT(!colour.ok());
      CPPUNIT_ASSERT(colour.status().code() == core::StatusCode::kInvalidArgument);
      return colour.status().message();
    };
    CPPUNIT_ASSERT_EQUAL(std::string("Pixel view is 0x1; it needs a pixel"),
                         refusal({0, 1, 3, 3, bytes}));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Pixel view has 0 channels; it needs 1 to 4 (grey, grey and alpha, RGB, RGBA)"),
        refusal({4, 1, 0, 4, bytes}));
    CPPUNIT_ASSERT_EQUAL(std::string("Pixel view's stride is 8 bytes; a row needs 9"),
                         refusal({3, 1, 3, 8, bytes}));
    CPPUNIT_ASSERT_EQUAL(std::string("Pixel view has no data"), refusal({1, 1, 3, 3, nullptr}));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(DominantColorTest, "image_placeholder");

}  // namespace
}  // namespace userimg::image::placeholder
