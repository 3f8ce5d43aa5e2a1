#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "image/image_limits.h"

namespace userimg::image {
namespace {

ImageHeader header(int width, int height, int frames = 1, int orientation = 1) {
  ImageHeader h;
  h.width = width;
  h.height = height;
  h.frames = frames;
  h.orientation = orientation;
  return h;
}

std::string refusal(const ImageHeader& h, const config::ImagesConfig& limits = {}) {
  const core::Status status = checkHeaderLimits(h, limits);
  if (status.isOk()) return "ok";
  CPPUNIT_ASSERT(status.code() == core::StatusCode::kInvalidImage);
  return status.message();
}

class ImageLimitsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ImageLimitsTest);
  CPPUNIT_TEST(testAcceptsImagesWithinLimits);
  CPPUNIT_TEST(testRefusesTooManyMegapixelsFirst);
  CPPUNIT_TEST(testRefusesTooWideOrTooHigh);
  CPPUNIT_TEST(testChecksDimensionsAsDisplayed);
  CPPUNIT_TEST(testRefusesTooManyFrames);
  CPPUNIT_TEST(testRefusesEmptyImages);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAcceptsImagesWithinLimits() {
    CPPUNIT_ASSERT_EQUAL(std::string("ok"), refusal(header(4000, 3000)));
    CPPUNIT_ASSERT_EQUAL(std::string("ok"), refusal(header(10000, 5000)));  // exactly 50 MP
    CPPUNIT_ASSERT_EQUAL(std::string("ok"), refusal(header(320, 240, 100)));
  }

  void testRefusesTooManyMegapixelsFirst() {
    CPPUNIT_ASSERT_EQUAL(std::string("Image is 30000x30000; the limit is 50 megapixels"),
                         refusal(header(30000, 30000)));
    CPPUNIT_ASSERT_EQUAL(std::string("Image is 10000x5001; the limit is 50 megapixels"),
                         refusal(header(10000, 5001)));
  }

  void testRefusesTooWideOrTooHigh() {
    CPPUNIT_ASSERT_EQUAL(std::string("Image is 25000x100; the limit is 20000 pixels wide"),
                         refusal(header(25000, 100)));
    CPPUNIT_ASSERT_EQUAL(std::string("Image is 100x20001; the limit is 20000 pixels high"),
                         refusal(header(100, 20001)));
    config::ImagesConfig narrow;
    narrow.maxWidth = 640;
    CPPUNIT_ASSERT_EQUAL(std::string("Image is 641x10; the limit is 640 pixels wide"),
                         refusal(header(641, 10), narrow));
  }

  void testChecksDimensionsAsDisplayed() {
    config::ImagesConfig limits;
    limits.maxWidth = 1000;
    limits.maxHeight = 2000;
    // Stored 1500 wide, displayed 1500 high (orientation 6: rotate 90).
    CPPUNIT_ASSERT_EQUAL(std::string("ok"), refusal(header(1500, 900, 1, 6), limits));
    CPPUNIT_ASSERT_EQUAL(std::string("Image is 1500x900; the limit is 1000 pixels wide"),
                         refusal(header(1500, 900, 1, 1), limits));
  }

  void testRefusesTooManyFrames() {
    CPPUNIT_ASSERT_EQUAL(std::string("Image has 101 frames; the limit is 100"),
                         refusal(header(100, 100, 101)));
  }

  void testRefusesEmptyImages() {
    CPPUNIT_ASSERT_EQUAL(std::string("Image has no pixels"), refusal(header(0, 10)));
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ImageLimitsTest, "image");

}  // namespace
}  // namespace userimg::image
