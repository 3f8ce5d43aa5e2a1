// Lanczos3 reduction along rows (image/lanczos_reduce.h): the same bytes as
// libvips 8.14's vips_reduceh with the kernel and gap vips_resize gives it,
// for 1-4 bands, widths from 1 px, shrinks from just over 1 to just under
// the whole-factor box shrink, and pixels that ring past 0 and 255; rows
// read by stride; and no result where libvips would take another path.
#include "image/lanczos_reduce.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "image/vips_pixels.h"
#include "image_fixtures.h"

namespace userimg::image {
namespace {

using namespace testing;

// What vips_resize has vips_reduceh make of `image`.
Image vipsReduced(VipsImage* image, double hshrink) {
  VipsImage* out = nullptr;
  CPPUNIT_ASSERT_EQUAL(
      0, vips_reduceh(image, &out, hshrink, "kernel", VIPS_KERNEL_LANCZOS3, "gap", 2.0, nullptr));
  return Image(out);
}

// Columns alternating 0 and 255 in every band, in blocks of `run` pixels:
// lanczos3 rings past both ends there, so the clip is exercised.
Image stripes(int width, int height, int bands, int run) {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height * bands);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int b = 0; b < bands; ++b) {
        pixels[(static_cast<std::size_t>(y) * width + x) * bands + b] =
            ((x / run + b) % 2 == 0) ? 0 : 255;
      }
    }
  }
  Image image(vips_image_new_from_memory_copy(pixels.data(), pixels.size(), width, height, bands,
                                              VIPS_FORMAT_UCHAR));
  CPPUNIT_ASSERT(image);
  return image;
}

// Whether libvips box-shrinks `width` before its lanczos3 step.
bool wholeFactorFirst(int width, double hshrink) {
  return std::floor(static_cast<double>(width) / reducedWidth(width, hshrink) / 2.0) > 1;
}

class LanczosReduceTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LanczosReduceTest);
  CPPUNIT_TEST(testSameBytesAsVipsReduceh);
  CPPUNIT_TEST(testSameBytesWhereItRings);
  CPPUNIT_TEST(testThePipelineStep);
  CPPUNIT_TEST(testReadsRowsByStride);
  CPPUNIT_TEST(testStripsMakeTheWholeImage);
  CPPUNIT_TEST(testNoResultWhereLibvipsTakesAnotherPath);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { ensureLibrary(); }

  // Compares lanczos3ReduceWidth with vips_reduceh on `image`; returns
  // whether there was a result to compare.
  static bool sameAsVips(VipsImage* image, double hshrink) {
    const std::string where = std::to_string(image->Xsize) + "x" + std::to_string(image->Ysize) +
                              "x" + std::to_string(image->Bands) + " by " + std::to_string(hshrink);
    const auto ours = lanczos3ReduceWidth(detail::viewOf(image), hshrink);
    if (!ours) {
      CPPUNIT_ASSERT_MESSAGE(where, wholeFactorFirst(image->Xsize, hshrink));
      return false;
    }
    Image theirs = vipsReduced(image, hshrink);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, theirs->Xsize, ours->width);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, theirs->Ysize, ours->height);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(where, theirs->Bands, ours->channels);
    const std::vector<std::uint8_t> expected = pixelBytes(theirs.get());
    CPPUNIT_ASSERT_MESSAGE(where, expected == ours->data);
    return true;
  }

  void testSameBytesAsVipsReduceh() {
    int compared = 0;
    for (const int bands : {1, 2, 3, 4}) {
      for (const int width : {1, 2, 3, 5, 9, 31, 64, 257, 1000}) {
        Image image = noiseInMemory(width, 3, bands);
        for (const double hshrink :
             {1.0001, 1.1, 1.25, 4.0 / 3, 1.5, 1.953125, 2.0, 2.4, 3.0, 3.3, 3.9, 4.1}) {
          if (sameAsVips(image.get(), hshrink)) ++compared;
        }
      }
    }
    // Most cases have a result (the rest are libvips' box-shrink cases).
    CPPUNIT_ASSERT(compared > 300);
  }

  void testSameBytesWhereItRings() {
    for (const int bands : {1, 3, 4}) {
      for (const int run : {1, 2, 3}) {
        Image image = stripes(101, 2, bands, run);
        for (const double hshrink : {1.2, 1.7, 2.5, 3.1}) {
          CPPUNIT_ASSERT(sameAsVips(image.get(), hshrink));
        }
      }
    }
  }

  // The step of a 12 MP photo bound to 1024 px: 2000 px decoded at 1/2.
  void testThePipelineStep() {
    Image image = noiseInMemory(2000, 40, 3);
    CPPUNIT_ASSERT(sameAsVips(image.get(), 2000.0 / 1024));
    Image cover = noiseInMemory(4000, 8, 3);
    CPPUNIT_ASSERT(sameAsVips(cover.get(), 4000.0 / 2560));
  }

  void testReadsRowsByStride() {
    for (const int bands : {1, 2, 3, 4}) {
      const ImageWindow window = windowOfNoise(bands);
      const auto fromView = lanczos3ReduceWidth(window.view, 1.7);
      const auto fromPacked = lanczos3ReduceWidth(detail::viewOf(window.packed.get()), 1.7);
      CPPUNIT_ASSERT(fromView && fromPacked);
      CPPUNIT_ASSERT(fromView->data == fromPacked->data);
      CPPUNIT_ASSERT(sameAsVips(window.packed.get(), 1.7));
    }
  }

  // One Lanczos3Rows over strips of 1, 7 and the rest of the rows (into an
  // output with padded rows) gives the image made in one call.
  void testStripsMakeTheWholeImage() {
    Image image = noiseInMemory(300, 20, 3);
    const PixelView whole = detail::viewOf(image.get());
    const auto expected = lanczos3ReduceWidth(whole, 2.3);
    CPPUNIT_ASSERT(expected);
    auto rows = Lanczos3Rows::make(300, 3, 2.3);
    CPPUNIT_ASSERT(rows);
    CPPUNIT_ASSERT_EQUAL(expected->width, rows->reducedWidth());
    const std::size_t row = static_cast<std::size_t>(rows->reducedWidth()) * 3;
    const std::size_t stride = row + 5;
    std::vector<std::uint8_t> out(stride * 20, 0);
    int top = 0;
    for (const int height : {1, 7, 12}) {
      PixelView strip = whole;
      strip.data = whole.pixel(0, top);
      strip.height = height;
      rows->reduce(strip, out.data() + stride * top, stride);
      top += height;
    }
    for (int y = 0; y < 20; ++y) {
      CPPUNIT_ASSERT(std::equal(out.begin() + stride * y, out.begin() + stride * y + row,
                                expected->data.begin() + row * y));
    }
  }

  void testNoResultWhereLibvipsTakesAnotherPath() {
    Image image = noiseInMemory(100, 2, 3);
    const PixelView view = detail::viewOf(image.get());
    CPPUNIT_ASSERT(!lanczos3ReduceWidth(view, 1.0));    // a copy
    CPPUNIT_ASSERT(!lanczos3ReduceWidth(view, 0.5));    // an enlargement
    CPPUNIT_ASSERT(!lanczos3ReduceWidth(view, 4.0));    // 100 to 25: a box shrink by 2 first
    CPPUNIT_ASSERT(lanczos3ReduceWidth(view, 3.9));     // 100 to 26: lanczos3 alone
    CPPUNIT_ASSERT(!lanczos3ReduceWidth(view, 250.0));  // nothing left
    PixelView five = view;
    five.channels = 5;
    CPPUNIT_ASSERT(!lanczos3ReduceWidth(five, 2.0));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LanczosReduceTest, "image");

}  // namespace
}  // namespace userimg::image
