#include "image/box_shrink.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <vector>

namespace userimg::image {
namespace {

PixelView viewOf(const std::vector<std::uint8_t>& data, int width, int height, int channels) {
  return PixelView{width, height, channels, static_cast<std::size_t>(width) * channels,
                   data.data()};
}

class BoxShrinkTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(BoxShrinkTest);
  CPPUNIT_TEST(testAveragesEachBlock);
  CPPUNIT_TEST(testHalvesRgbWithOddEdges);
  CPPUNIT_TEST(testAveragesShortEdgeBlocksOverTheirPixels);
  CPPUNIT_TEST(testWeighsColourByAlpha);
  CPPUNIT_TEST(testFactorOneCopies);
  CPPUNIT_TEST(testReadsRowsByStride);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAveragesEachBlock() {
    // 4x2 grey, factor 2: blocks {0,2,4,6} and {10,20,30,40}.
    const std::vector<std::uint8_t> grey = {0, 2, 10, 20, 4, 6, 30, 40};
    const ShrunkPixels out = boxShrink(viewOf(grey, 4, 2, 1), 2);
    CPPUNIT_ASSERT_EQUAL(2, out.width);
    CPPUNIT_ASSERT_EQUAL(1, out.height);
    CPPUNIT_ASSERT_EQUAL(3, int{out.data[0]});
    CPPUNIT_ASSERT_EQUAL(25, int{out.data[1]});
  }

  void testHalvesRgbWithOddEdges() {
    // 3x3 RGB, factor 2 (the halving path): 2x2 output; the last column and
    // row average the pixels they have.
    std::vector<std::uint8_t> rgb(3 * 3 * 3);
    for (int i = 0; i < 9; ++i) {
      rgb[i * 3] = static_cast<std::uint8_t>(i * 10);  // R = 0, 10, ..., 80 in reading order
      rgb[i * 3 + 1] = 100;
      rgb[i * 3 + 2] = 200;
    }
    const ShrunkPixels out = boxShrink(viewOf(rgb, 3, 3, 3), 2);
    CPPUNIT_ASSERT_EQUAL(2, out.width);
    CPPUNIT_ASSERT_EQUAL(2, out.height);
    CPPUNIT_ASSERT_EQUAL(20, int{out.data[0]});   // (0 + 10 + 30 + 40) / 4
    CPPUNIT_ASSERT_EQUAL(100, int{out.data[1]});  // G unchanged
    CPPUNIT_ASSERT_EQUAL(200, int{out.data[2]});
    CPPUNIT_ASSERT_EQUAL(35, int{out.data[3]});  // (20 + 50) / 2
    CPPUNIT_ASSERT_EQUAL(65, int{out.data[6]});  // (60 + 70) / 2
    CPPUNIT_ASSERT_EQUAL(80, int{out.data[9]});  // the corner pixel alone
  }

  void testAveragesShortEdgeBlocksOverTheirPixels() {
    // 5x1 grey, factor 3 (the general path): {10,20,30} and {100,200}.
    const std::vector<std::uint8_t> grey = {10, 20, 30, 100, 200};
    const ShrunkPixels out = boxShrink(viewOf(grey, 5, 1, 1), 3);
    CPPUNIT_ASSERT_EQUAL(2, out.width);
    CPPUNIT_ASSERT_EQUAL(20, int{out.data[0]});
    CPPUNIT_ASSERT_EQUAL(150, int{out.data[1]});
  }

  void testWeighsColourByAlpha() {
    // A transparent red pixel next to an opaque blue one: the colour is blue,
    // the alpha their average.
    const std::vector<std::uint8_t> rgba = {255, 0, 0, 0, 0, 0, 255, 255};
    const ShrunkPixels out = boxShrink(viewOf(rgba, 2, 1, 4), 2);
    CPPUNIT_ASSERT_EQUAL(1, out.width);
    CPPUNIT_ASSERT_EQUAL(0, int{out.data[0]});
    CPPUNIT_ASSERT_EQUAL(0, int{out.data[1]});
    CPPUNIT_ASSERT_EQUAL(255, int{out.data[2]});
    CPPUNIT_ASSERT_EQUAL(128, int{out.data[3]});
    // All transparent: black, alpha 0.
    const std::vector<std::uint8_t> clear = {9, 0, 9, 0};
    const ShrunkPixels none = boxShrink(viewOf(clear, 2, 1, 2), 2);
    CPPUNIT_ASSERT_EQUAL(0, int{none.data[0]});
    CPPUNIT_ASSERT_EQUAL(0, int{none.data[1]});
  }

  void testFactorOneCopies() {
    const std::vector<std::uint8_t> grey = {1, 2, 3, 4, 5, 6};
    const ShrunkPixels out = boxShrink(viewOf(grey, 3, 2, 1), 1);
    CPPUNIT_ASSERT_EQUAL(3, out.width);
    CPPUNIT_ASSERT_EQUAL(2, out.height);
    CPPUNIT_ASSERT(out.data == grey);
  }

  void testReadsRowsByStride() {
    // Two rows of 2 grey pixels, 3 bytes apart (one byte of padding, 99).
    const std::vector<std::uint8_t> padded = {10, 30, 99, 50, 70, 99};
    const PixelView view{2, 2, 1, 3, padded.data()};
    const ShrunkPixels out = boxShrink(view, 2);
    CPPUNIT_ASSERT_EQUAL(40, int{out.data[0]});
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(BoxShrinkTest, "image_pixels");

}  // namespace
}  // namespace userimg::image
