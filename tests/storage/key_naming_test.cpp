#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <regex>
#include <set>
#include <string>

#include "storage/blob_store.h"
#include "storage/key_naming.h"

namespace userimg::storage {
namespace {

class KeyNamingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(KeyNamingTest);
  CPPUNIT_TEST(testKeyHasFolderShardUuidAndExtension);
  CPPUNIT_TEST(testShardIsUuidPrefix);
  CPPUNIT_TEST(testFolderWithTrailingSlashIsNotDoubled);
  CPPUNIT_TEST(testThousandKeysAreUnique);
  CPPUNIT_TEST(testGeneratedKeysAreWellFormed);
  CPPUNIT_TEST(testRefusesMalformedKeys);
  CPPUNIT_TEST(testAcceptsPlainRelativeKeys);
  CPPUNIT_TEST(testVariantKeysOfEachGenerationAndFormat);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testKeyHasFolderShardUuidAndExtension() {
    const std::string key = newKey("resume/images", "jpg");
    static const std::regex shape(
        "resume/images/[0-9a-f]{2}/"
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.jpg");
    CPPUNIT_ASSERT_MESSAGE("unexpected key shape: " + key, std::regex_match(key, shape));
  }

  void testShardIsUuidPrefix() {
    for (int i = 0; i < 50; ++i) {
      const std::string key = newKey("resume/covers", "png");
      const std::string rest = key.substr(std::string("resume/covers/").size());
      const std::string shard = rest.substr(0, 2);
      const std::string uuid = rest.substr(3);
      CPPUNIT_ASSERT_MESSAGE("the shard must be the UUID's first two characters: " + key,
                             rest[2] == '/' && uuid.compare(0, 2, shard) == 0);
    }
  }

  void testFolderWithTrailingSlashIsNotDoubled() {
    const std::string key = newKey("profile_images/", "webp");
    CPPUNIT_ASSERT_MESSAGE("no '//' in " + key, key.find("//") == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("key must start with the folder: " + key,
                           key.rfind("profile_images/", 0) == 0);
  }

  void testThousandKeysAreUnique() {
    std::set<std::string> keys;
    for (int i = 0; i < 1000; ++i) keys.insert(newKey("resume/images", "jpg"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("1000 generated keys must all differ", std::size_t{1000},
                                 keys.size());
  }

  void testGeneratedKeysAreWellFormed() {
    for (const char* folder : {"resume/images", "resume/covers", "profile_images"}) {
      for (const char* extension : {"jpg", "png", "gif", "webp"}) {
        const std::string key = newKey(folder, extension);
        CPPUNIT_ASSERT_MESSAGE("a generated key must be well formed: " + key, isWellFormedKey(key));
      }
    }
  }

  void testRefusesMalformedKeys() {
    const std::string refused[] = {
        "",          "/abs",         "/etc/passwd", "a/../b", "../a",
        "a/..",      "a//b",         "a/./b",       "./a",    "a/.",
        "a b",       "a\\b",         "a/b/",        "a\nb",   std::string("a\0b", 3),
        "a%2e%2e/b", "résumé/a.jpg",
    };
    for (const std::string& key : refused) {
      CPPUNIT_ASSERT_MESSAGE("'" + key + "' must be refused", !isWellFormedKey(key));
    }
  }

  void testVariantKeysOfEachGenerationAndFormat() {
    const std::string image = "resume/images/3f/3f2a-b.jpg";
    CPPUNIT_ASSERT_EQUAL(std::string("resume/images/3f/3f2a-b_128.jpg"), variantKey(image, "128"));
    CPPUNIT_ASSERT_EQUAL(std::string("resume/images/3f/3f2a-b_128g2.jpg"),
                         variantKey(image, "128", 2));
    CPPUNIT_ASSERT_EQUAL(std::string("resume/images/3f/3f2a-b_640wg13.webp"),
                         variantKey(image, "640w", 13, "webp"));
    CPPUNIT_ASSERT_EQUAL(std::string("profile_images/ab12_64g1"),
                         variantKey("profile_images/ab12", "64", 1));
    for (const int generation : {0, 1, 2, 13, 999}) {
      const std::string key = variantKey(image, "64", generation);
      CPPUNIT_ASSERT_MESSAGE(key, isWellFormedKey(key));
      CPPUNIT_ASSERT_MESSAGE("every generation is a variant of its image: " + key,
                             baseKeyOfVariant(key) == image);
      CPPUNIT_ASSERT_EQUAL_MESSAGE(key, generation, variantGeneration(key));
      CPPUNIT_ASSERT_EQUAL(generation, variantGeneration(variantKey(image, "640w", generation)));
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("an image's own key", 0, variantGeneration(image));
    CPPUNIT_ASSERT_EQUAL(0, variantGeneration("resume/images/3f/x_g.jpg"));
  }

  void testAcceptsPlainRelativeKeys() {
    for (const char* key : {"a", "a/b.jpg", "resume/images/3f/3f2a-x_y.JPG"}) {
      CPPUNIT_ASSERT_MESSAGE(std::string("'") + key + "' must be accepted", isWellFormedKey(key));
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(KeyNamingTest, "storage");

}  // namespace
}  // namespace userimg::storage
