#include "image/crop.h"

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace userimg::image {
namespace {

class CropTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CropTest);
  CPPUNIT_TEST(testParsesFourWholeNumbers);
  CPPUNIT_TEST(testRefusesAnythingElse);
  CPPUNIT_TEST(testRefusesNoArea);
  CPPUNIT_TEST(testChecksTheCropLiesInTheImage);
  CPPUNIT_TEST(testScalesAndClampsIntoACopy);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testParsesFourWholeNumbers() {
    auto crop = parseCrop("10,20,300,400");
    CPPUNIT_ASSERT_MESSAGE(crop.status().toString(), crop.ok());
    CPPUNIT_ASSERT_EQUAL(10, crop->x);
    CPPUNIT_ASSERT_EQUAL(20, crop->y);
    CPPUNIT_ASSERT_EQUAL(300, crop->width);
    CPPUNIT_ASSERT_EQUAL(400, crop->height);
    auto spaced = parseCrop(" 0, 0 ,5,\t6 ");
    CPPUNIT_ASSERT_MESSAGE(spaced.status().toString(), spaced.ok());
    CPPUNIT_ASSERT_EQUAL(6, spaced->height);
  }

  void testRefusesAnythingElse() {
    for (const char* text : {"", "1,2,3", "1,2,3,4,5", "a,b,c,d", "-1,0,5,5", "1.5,0,5,5", "1,,3,4",
                             "1 2 3 4", "0,0,5,5,", "0,0,5,99999999999"}) {
      auto crop = parseCrop(text);
      CPPUNIT_ASSERT_MESSAGE(std::string("accepted: ") + text, !crop);
      CPPUNIT_ASSERT(crop.status().code() == core::StatusCode::kInvalidArgument);
      CPPUNIT_ASSERT_EQUAL(std::string("crop must be x,y,width,height in whole pixels"),
                           crop.status().message());
    }
  }

  void testRefusesNoArea() {
    auto crop = parseCrop("5,5,0,10");
    CPPUNIT_ASSERT(!crop);
    CPPUNIT_ASSERT_EQUAL(std::string("crop 5,5,0,10 has no area"), crop.status().message());
    CPPUNIT_ASSERT(!parseCrop("5,5,10,0"));
  }

  void testChecksTheCropLiesInTheImage() {
    CPPUNIT_ASSERT(checkCrop({0, 0, 1024, 768}, 1024, 768).isOk());
    CPPUNIT_ASSERT(checkCrop({1023, 767, 1, 1}, 1024, 768).isOk());
    const core::Status wide = checkCrop({0, 0, 1025, 10}, 1024, 768);
    CPPUNIT_ASSERT(wide.code() == core::StatusCode::kInvalidArgument);
    CPPUNIT_ASSERT_EQUAL(std::string("crop 0,0,1025,10 is outside the 1024x768 image"),
                         wide.message());
    CPPUNIT_ASSERT(!checkCrop({500, 700, 10, 69}, 1024, 768).isOk());
    CPPUNIT_ASSERT(!checkCrop({1024, 0, 1, 1}, 1024, 768).isOk());
  }

  void testScalesAndClampsIntoACopy() {
    // Upload pixels to a half-size copy.
    const CropRect half = scaleCrop({100, 50, 400, 300}, 0.5, 512, 384);
    CPPUNIT_ASSERT_EQUAL(50, half.x);
    CPPUNIT_ASSERT_EQUAL(25, half.y);
    CPPUNIT_ASSERT_EQUAL(200, half.width);
    CPPUNIT_ASSERT_EQUAL(150, half.height);
    // Rounding never leaves the copy, and never leaves nothing.
    const CropRect edge = scaleCrop({1023, 767, 1, 1}, 0.1, 102, 77);
    CPPUNIT_ASSERT(edge.x + edge.width <= 102 && edge.y + edge.height <= 77);
    CPPUNIT_ASSERT(edge.width >= 1 && edge.height >= 1);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CropTest, "image_pixels");

}  // namespace
}  // namespace userimg::image
