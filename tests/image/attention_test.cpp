#include "image/attention.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <random>
#include <vector>

namespace userimg::image {
namespace {

// A width x height RGB(A) image of one flat colour, with helpers to paint
// rectangles of detail or of a colour into it.
class Canvas {
 public:
  Canvas(int width, int height, int channels, std::uint8_t grey)
      : width_(width),
        height_(height),
        channels_(channels),
        data_(static_cast<std::size_t>(width) * height * channels, grey) {
    if (channels == 4) fill(0, 0, width, height, grey, grey, grey, 255);
  }
  // Black-and-white noise (strong edges, no colour).
  void noise(int left, int top, int width, int height) {
    std::mt19937 random(7);
    for (int y = top; y < top + height; ++y) {
      for (int x = left; x < left + width; ++x) {
        const std::uint8_t v = (random() & 1) != 0 ? 255 : 0;
        set(x, y, v, v, v, channels_ == 4 ? at(x, y)[3] : 255);
      }
    }
  }
  void fill(int left, int top, int width, int height, std::uint8_t r, std::uint8_t g,
            std::uint8_t b, std::uint8_t a = 255) {
    for (int y = top; y < top + height; ++y) {
      for (int x = left; x < left + width; ++x) set(x, y, r, g, b, a);
    }
  }
  void alpha(int left, int top, int width, int height, std::uint8_t a) {
    for (int y = top; y < top + height; ++y) {
      for (int x = left; x < left + width; ++x) at(x, y)[3] = a;
    }
  }
  PixelView view() const {
    return PixelView{width_, height_, channels_, static_cast<std::size_t>(width_) * channels_,
                     data_.data()};
  }

 private:
  std::uint8_t* at(int x, int y) {
    return &data_[(static_cast<std::size_t>(y) * width_ + x) * channels_];
  }
  void set(int x, int y, std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a) {
    std::uint8_t* p = at(x, y);
    p[0] = r;
    p[1] = g;
    p[2] = b;
    if (channels_ == 4) p[3] = a;
  }
  int width_, height_, channels_;
  std::vector<std::uint8_t> data_;
};

class AttentionTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AttentionTest);
  CPPUNIT_TEST(testCutsAFlatImageInTheMiddle);
  CPPUNIT_TEST(testFollowsDetail);
  CPPUNIT_TEST(testFollowsDetailDownAPortrait);
  CPPUNIT_TEST(testFollowsSkinTones);
  CPPUNIT_TEST(testFollowsSaturation);
  CPPUNIT_TEST(testIgnoresTransparentDetail);
  CPPUNIT_TEST(testSearchesLargeImagesOnASmallCopy);
  CPPUNIT_TEST(testSquareImageIsWhole);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testCutsAFlatImageInTheMiddle() {
    const Canvas flat(300, 100, 3, 128);
    const SquareWindow window = findAttentionSquare(flat.view());
    CPPUNIT_ASSERT_EQUAL(100, window.left);
    CPPUNIT_ASSERT_EQUAL(0, window.top);
    CPPUNIT_ASSERT_EQUAL(100, window.side);
  }

  void testFollowsDetail() {
    Canvas canvas(300, 100, 3, 128);
    canvas.noise(220, 20, 60, 60);
    const SquareWindow window = findAttentionSquare(canvas.view());
    CPPUNIT_ASSERT_EQUAL(100, window.side);
    // The window holds all of the detail (x 220-279).
    CPPUNIT_ASSERT(window.left <= 220 && window.left + 100 >= 280);
  }

  void testFollowsDetailDownAPortrait() {
    Canvas canvas(80, 240, 3, 200);
    canvas.noise(10, 5, 60, 50);
    const SquareWindow window = findAttentionSquare(canvas.view());
    CPPUNIT_ASSERT_EQUAL(0, window.left);
    CPPUNIT_ASSERT_EQUAL(80, window.side);
    CPPUNIT_ASSERT(window.top <= 5);
  }

  void testFollowsSkinTones() {
    // Two smooth patches of equal saturation and outline, one skin-coloured
    // (left), one the same channels reversed, a blue (right), on a grey
    // between their luminances (162 and 147): skin wins.
    Canvas canvas(300, 100, 3, 155);
    canvas.fill(10, 20, 60, 60, 205, 150, 115);
    canvas.fill(230, 20, 60, 60, 115, 150, 205);
    const SquareWindow window = findAttentionSquare(canvas.view());
    CPPUNIT_ASSERT(window.left <= 10);
  }

  void testFollowsSaturation() {
    Canvas canvas(300, 100, 3, 128);
    canvas.fill(230, 10, 60, 80, 20, 40, 250);  // a saturated blue, not skin
    const SquareWindow window = findAttentionSquare(canvas.view());
    CPPUNIT_ASSERT(window.left + 100 >= 290);
  }

  void testIgnoresTransparentDetail() {
    // Detail on the right, but invisible (alpha 0); visible detail on the left.
    Canvas canvas(300, 100, 4, 128);
    canvas.noise(220, 0, 80, 100);
    canvas.alpha(200, 0, 100, 100, 0);
    canvas.noise(20, 30, 40, 40);
    const SquareWindow window = findAttentionSquare(canvas.view());
    CPPUNIT_ASSERT(window.left <= 20);
  }

  void testSearchesLargeImagesOnASmallCopy() {
    // 1200x400: searched on a 4x smaller copy, answered in full-size pixels.
    Canvas canvas(1200, 400, 3, 128);
    canvas.noise(900, 100, 200, 200);
    const SquareWindow window = findAttentionSquare(canvas.view());
    CPPUNIT_ASSERT_EQUAL(400, window.side);
    CPPUNIT_ASSERT(window.left <= 900 && window.left + 400 >= 1100);
    CPPUNIT_ASSERT(window.left + 400 <= 1200);
  }

  void testSquareImageIsWhole() {
    const Canvas square(64, 64, 3, 10);
    const SquareWindow window = findAttentionSquare(square.view());
    CPPUNIT_ASSERT_EQUAL(0, window.left);
    CPPUNIT_ASSERT_EQUAL(0, window.top);
    CPPUNIT_ASSERT_EQUAL(64, window.side);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AttentionTest, "image_pixels");

}  // namespace
}  // namespace userimg::image
