// [upload] per_user_per_minute (config/config.h UploadConfig): its default,
// the file and the environment (USERIMG_UPLOAD_PER_USER_PER_MINUTE), 0 for
// off, the values the loader refuses, and the shipped conf/userimg.ini.

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "config/env_from.h"
#include "config/loader.h"

namespace userimg::config {
namespace {

namespace fs = std::filesystem;
using testing::envFrom;

class UploadConfigLoaderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(UploadConfigLoaderTest);
  CPPUNIT_TEST(testPerUserPerMinuteIs20ByDefault);
  CPPUNIT_TEST(testEnvironmentSetsPerUserPerMinuteAndZeroIsOff);
  CPPUNIT_TEST(testRefusesNegativeOrNonNumericPerUserPerMinute);
  CPPUNIT_TEST(testShippedIniHasTheDefaultLimit);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPerUserPerMinuteIs20ByDefault() {
    auto config = loadConfig("", envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{20}, config->upload.perUserPerMinute);
  }

  void testEnvironmentSetsPerUserPerMinuteAndZeroIsOff() {
    for (const auto& [value, expected] : {std::pair{"3", 3}, std::pair{"0", 0}}) {
      auto config = loadConfig("", envFrom({{"USERIMG_UPLOAD_PER_USER_PER_MINUTE", value}}), false);
      CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
      CPPUNIT_ASSERT_EQUAL(std::int64_t{expected}, config->upload.perUserPerMinute);
    }
  }

  void testRefusesNegativeOrNonNumericPerUserPerMinute() {
    for (const char* value : {"-1", "twenty", "2.5"}) {
      auto config = loadConfig("", envFrom({{"USERIMG_UPLOAD_PER_USER_PER_MINUTE", value}}), false);
      CPPUNIT_ASSERT_MESSAGE(std::string("per_user_per_minute = '") + value + "' was accepted",
                             !config.ok());
      CPPUNIT_ASSERT_MESSAGE(
          config.status().message(),
          config.status().message().find("per_user_per_minute") != std::string::npos);
    }
  }

  void testShippedIniHasTheDefaultLimit() {
    const fs::path shipped = fs::path(USERIMG_SOURCE_DIR) / "conf" / "userimg.ini";
    std::ifstream in(shipped);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CPPUNIT_ASSERT_MESSAGE("conf/userimg.ini lists [upload] per_user_per_minute",
                           text.find("\nper_user_per_minute = 20\n") != std::string::npos);
    auto config = loadConfig(shipped.string(), envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{20}, config->upload.perUserPerMinute);
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UploadConfigLoaderTest, "config");

}  // namespace
}  // namespace userimg::config
