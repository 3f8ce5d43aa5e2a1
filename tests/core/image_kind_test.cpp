#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "core/image_kind.h"

namespace userimg::core {
namespace {

class ImageKindTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ImageKindTest);
  CPPUNIT_TEST(testNamesMatchDatabaseValues);
  CPPUNIT_TEST(testNamesRoundTrip);
  CPPUNIT_TEST(testRejectsOtherNames);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testNamesMatchDatabaseValues() {
    CPPUNIT_ASSERT_EQUAL(std::string("profile"), std::string(imageKindName(ImageKind::kProfile)));
    CPPUNIT_ASSERT_EQUAL(std::string("cover"), std::string(imageKindName(ImageKind::kCover)));
  }

  void testNamesRoundTrip() {
    for (ImageKind kind : {ImageKind::kProfile, ImageKind::kCover}) {
      const auto parsed = imageKindFromName(imageKindName(kind));
      CPPUNIT_ASSERT_MESSAGE("imageKindFromName(imageKindName(k)) must give k back",
                             parsed.has_value() && *parsed == kind);
    }
  }

  void testRejectsOtherNames() {
    for (const char* name : {"", "Profile", "profile_image", "cover_image", "covers", " cover"}) {
      CPPUNIT_ASSERT_MESSAGE(std::string("'") + name + "' must not name an image kind",
                             !imageKindFromName(name).has_value());
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ImageKindTest, "core");

}  // namespace
}  // namespace userimg::core
