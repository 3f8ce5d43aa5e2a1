// avatars/size_choice.h: which copy ?s=N and ?w=N answer with, and the
// parsing of N.

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "avatars/size_choice.h"

namespace userimg::avatars {
namespace {

using core::ImageKind;

db::ImageRecord profile() {
  db::ImageRecord image;
  image.url = "/media/p.jpg";
  for (int size : {256, 64, 128}) {
    const std::string name = std::to_string(size);
    image.variants.push_back({name, "p_" + name, "/media/p_" + name + ".jpg", size, size});
    // Siblings in another format are never the answer.
    image.variants.push_back(
        {name, "p_" + name + "w", "/media/p_" + name + ".webp", size, size, "webp"});
  }
  image.variants.push_back({"full", "p_full", "/media/p.webp", 800, 800, "webp"});
  return image;
}

db::ImageRecord cover() {
  db::ImageRecord image;
  image.url = "/media/c.jpg";
  image.variants.push_back({"640w", "c_640w", "/media/c_640w.jpg", 640, 320});
  image.variants.push_back({"1280w", "c_1280w", "/media/c_1280w.jpg", 1280, 640});
  return image;
}

class SizeChoiceTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SizeChoiceTest);
  CPPUNIT_TEST(testPicksTheSmallestSquareAtLeastTheSize);
  CPPUNIT_TEST(testPicksTheLargestWhenTheSizeIsBigger);
  CPPUNIT_TEST(testWithoutASizeOrVariantsIsTheImage);
  CPPUNIT_TEST(testCoversPickAmongWidths);
  CPPUNIT_TEST(testParsesOnlyPlainWholeNumbers);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPicksTheSmallestSquareAtLeastTheSize() {
    const db::ImageRecord image = profile();
    CPPUNIT_ASSERT_EQUAL(std::string("/media/p_64.jpg"), chooseUrl(image, ImageKind::kProfile, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("/media/p_64.jpg"), chooseUrl(image, ImageKind::kProfile, 64));
    CPPUNIT_ASSERT_EQUAL(std::string("/media/p_128.jpg"),
                         chooseUrl(image, ImageKind::kProfile, 65));
    CPPUNIT_ASSERT_EQUAL(std::string("/media/p_128.jpg"),
                         chooseUrl(image, ImageKind::kProfile, 128));
    CPPUNIT_ASSERT_EQUAL(std::string("/media/p_256.jpg"),
                         chooseUrl(image, ImageKind::kProfile, 129));
  }

  void testPicksTheLargestWhenTheSizeIsBigger() {
    CPPUNIT_ASSERT_EQUAL(std::string("/media/p_256.jpg"),
                         chooseUrl(profile(), ImageKind::kProfile, 5000));
  }

  void testWithoutASizeOrVariantsIsTheImage() {
    CPPUNIT_ASSERT_EQUAL(std::string("/media/p.jpg"),
                         chooseUrl(profile(), ImageKind::kProfile, std::nullopt));
    db::ImageRecord bare;
    bare.url = "/media/old.jpg";
    CPPUNIT_ASSERT_EQUAL(std::string("/media/old.jpg"), chooseUrl(bare, ImageKind::kProfile, 64));
    // A profile's squares are no cover's widths, and the other way round.
    CPPUNIT_ASSERT_EQUAL(std::string("/media/c.jpg"), chooseUrl(cover(), ImageKind::kProfile, 64));
    CPPUNIT_ASSERT_EQUAL(std::string("/media/p.jpg"), chooseUrl(profile(), ImageKind::kCover, 64));
  }

  void testCoversPickAmongWidths() {
    CPPUNIT_ASSERT_EQUAL(std::string("/media/c_640w.jpg"),
                         chooseUrl(cover(), ImageKind::kCover, 300));
    CPPUNIT_ASSERT_EQUAL(std::string("/media/c_1280w.jpg"),
                         chooseUrl(cover(), ImageKind::kCover, 641));
    CPPUNIT_ASSERT_EQUAL(std::string("/media/c_1280w.jpg"),
                         chooseUrl(cover(), ImageKind::kCover, 4000));
  }

  void testParsesOnlyPlainWholeNumbers() {
    CPPUNIT_ASSERT(!parseRequestedSize(std::nullopt, "s").value());
    CPPUNIT_ASSERT_EQUAL(128, parseRequestedSize(std::string("128"), "s").value().value());
    CPPUNIT_ASSERT_EQUAL(100000, parseRequestedSize(std::string("100000"), "s").value().value());
    for (const char* bad : {"", "abc", "-1", "+5", "0", " 64", "64 ", "1e3", "12.5", "100001",
                            "99999999999999999999"}) {
      auto parsed = parseRequestedSize(std::string(bad), "s");
      CPPUNIT_ASSERT_MESSAGE(std::string("'") + bad + "'",
                             parsed.status().code() == core::StatusCode::kInvalidArgument);
      CPPUNIT_ASSERT_MESSAGE(parsed.status().message(),
                             parsed.status().message().starts_with("s must be"));
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SizeChoiceTest, "avatars");

}  // namespace
}  // namespace userimg::avatars
