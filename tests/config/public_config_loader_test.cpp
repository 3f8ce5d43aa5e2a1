// [public] and [lookup] (config/public_config.h): defaults, overrides from
// the environment, and the values the loader refuses.

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "config/env_from.h"
#include "config/loader.h"

namespace userimg::config {
namespace {

using testing::envFrom;

class PublicConfigLoaderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PublicConfigLoaderTest);
  CPPUNIT_TEST(testDefaultsAreOnFor300SecondsWithoutALookupSecret);
  CPPUNIT_TEST(testEnvironmentOverridesEachSetting);
  CPPUNIT_TEST(testRefusesBadValues);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDefaultsAreOnFor300SecondsWithoutALookupSecret() {
    auto config = loadConfig("", envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT(config->publicImages.enabled);
    CPPUNIT_ASSERT_EQUAL(300, config->publicImages.maxAge);
    CPPUNIT_ASSERT_EQUAL(1000, config->publicImages.cacheMs);
    CPPUNIT_ASSERT(config->lookup.secret.empty());
  }

  void testEnvironmentOverridesEachSetting() {
    auto config =
        loadConfig("",
                   envFrom({{"USERIMG_PUBLIC_ENABLED", "false"},
                            {"USERIMG_PUBLIC_MAX_AGE", "0"},
                            {"USERIMG_PUBLIC_CACHE_MS", "0"},
                            {"USERIMG_LOOKUP_SECRET", "a-lookup-secret-of-32-characters"}}),
                   false);
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT(!config->publicImages.enabled);
    CPPUNIT_ASSERT_EQUAL(0, config->publicImages.maxAge);
    CPPUNIT_ASSERT_EQUAL(0, config->publicImages.cacheMs);
    CPPUNIT_ASSERT_EQUAL(std::string("a-lookup-secret-of-32-characters"), config->lookup.secret);
  }

  void testRefusesBadValues() {
    for (const auto& [name, value] :
         {std::pair{"USERIMG_PUBLIC_ENABLED", "maybe"}, std::pair{"USERIMG_PUBLIC_MAX_AGE", "-1"},
          std::pair{"USERIMG_PUBLIC_MAX_AGE", "31536001"},
          std::pair{"USERIMG_PUBLIC_MAX_AGE", "five"}, std::pair{"USERIMG_PUBLIC_CACHE_MS", "-1"},
          std::pair{"USERIMG_PUBLIC_CACHE_MS", "60001"},
          std::pair{"USERIMG_LOOKUP_SECRET", "short"}}) {
      auto config = loadConfig("", envFrom({{name, value}}), false);
      CPPUNIT_ASSERT_MESSAGE(std::string(name) + "=" + value, !config.ok());
      // The message names the setting, never the secret.
      CPPUNIT_ASSERT_MESSAGE(config.status().message(),
                             config.status().message().find("short") == std::string::npos ||
                                 std::string(name) != "USERIMG_LOOKUP_SECRET");
    }
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PublicConfigLoaderTest, "config");

}  // namespace
}  // namespace userimg::config
