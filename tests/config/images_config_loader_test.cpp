// The [images] settings of the loader that other tests do not cover:
// placeholders (image/placeholder/placeholder.h), sibling formats and keep_jpeg.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/env_from.h"
#include "config/loader.h"
#include "core/temp_dir.h"

namespace userimg::config {
namespace {

namespace fs = std::filesystem;

using testing::envFrom;

class ImagesConfigLoaderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ImagesConfigLoaderTest);
  CPPUNIT_TEST(testPlaceholdersAreOnByDefault);
  CPPUNIT_TEST(testPlaceholdersTurnOffInFileOrEnvironment);
  CPPUNIT_TEST(testRefusesNonBooleanPlaceholders);
  CPPUNIT_TEST(testShippedIniTurnsPlaceholdersOn);
  CPPUNIT_TEST(testWebpSiblingsByDefault);
  CPPUNIT_TEST(testSiblingFormatsFromFileAndEnvironment);
  CPPUNIT_TEST(testRefusesUnknownOrRepeatedSiblingFormats);
  CPPUNIT_TEST(testShippedIniHasTheDefaultSiblings);
  CPPUNIT_TEST(testKeepJpegIsOnAndTurnsOff);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(fs::temp_directory_path(), "userimg-images-config-");
    CPPUNIT_ASSERT_MESSAGE(dir.status().toString(), dir.ok());
    dir_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
  }
  void tearDown() override { dir_.reset(); }

  void testKeepJpegIsOnAndTurnsOff() {
    CPPUNIT_ASSERT(ImagesConfig().keepJpeg);
    auto shipped = loadConfig((fs::path(USERIMG_SOURCE_DIR) / "conf" / "userimg.ini").string(),
                              envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(shipped.status().toString(), shipped.ok());
    CPPUNIT_ASSERT(shipped->images.keepJpeg);
    auto off = loadConfig(writeIni("[images]\nkeep_jpeg = false\n"), envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(off.status().toString(), off.ok());
    CPPUNIT_ASSERT(!off->images.keepJpeg);
    auto env =
        loadConfig(writeIni("[images]\n"), envFrom({{"USERIMG_IMAGES_KEEP_JPEG", "false"}}), false);
    CPPUNIT_ASSERT_MESSAGE(env.status().toString(), env.ok());
    CPPUNIT_ASSERT(!env->images.keepJpeg);
    auto bad = loadConfig(writeIni("[images]\nkeep_jpeg = maybe\n"), envFrom({}), false);
    CPPUNIT_ASSERT(bad.status().code() == core::StatusCode::kInvalidArgument);
  }

  void testPlaceholdersAreOnByDefault() {
    CPPUNIT_ASSERT(ImagesConfig().placeholders);
    auto config = loadConfig(writeIni("[images]\njpeg_quality = 80\n"), envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT(config->images.placeholders);
  }

  void testPlaceholdersTurnOffInFileOrEnvironment() {
    auto off = loadConfig(writeIni("[images]\nplaceholders = false\n"), envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(off.status().toString(), off.ok());
    CPPUNIT_ASSERT(!off->images.placeholders);

    auto env = loadConfig(writeIni("[images]\nplaceholders = true\n"),
                          envFrom({{"USERIMG_IMAGES_PLACEHOLDERS", "off"}}), false);
    CPPUNIT_ASSERT_MESSAGE(env.status().toString(), env.ok());
    CPPUNIT_ASSERT(!env->images.placeholders);
  }

  void testRefusesNonBooleanPlaceholders() {
    auto config = loadConfig(writeIni("[images]\nplaceholders = sometimes\n"), envFrom({}), false);
    CPPUNIT_ASSERT(config.status().code() == core::StatusCode::kInvalidArgument);
    CPPUNIT_ASSERT_EQUAL(
        std::string("configuration setting images.placeholders: 'sometimes' is not a boolean "
                    "(true/false)"),
        config.status().message());
  }

  void testShippedIniTurnsPlaceholdersOn() {
    const fs::path shipped = fs::path(USERIMG_SOURCE_DIR) / "conf" / "userimg.ini";
    std::ifstream in(shipped);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CPPUNIT_ASSERT_MESSAGE("conf/userimg.ini lists [images] placeholders",
                           text.find("\nplaceholders = true\n") != std::string::npos);
    auto config = loadConfig(shipped.string(), envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT(config->images.placeholders);
  }

  void testWebpSiblingsByDefault() {
    auto config = loadConfig(writeIni("[images]\njpeg_quality = 80\n"), envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT(config->images.siblingFormats ==
                   std::vector<SiblingFormat>{SiblingFormat::kWebp});
    CPPUNIT_ASSERT(!config->images.siblingMain);
    CPPUNIT_ASSERT_EQUAL(80, config->images.webpQuality);
    CPPUNIT_ASSERT_EQUAL(2, config->images.webpEffort);
    CPPUNIT_ASSERT_EQUAL(50, config->images.avifQuality);
  }

  void testSiblingFormatsFromFileAndEnvironment() {
    auto both = loadConfig(writeIni("[images]\nsibling_formats = AVIF, webp\nsibling_main = yes\n"
                                    "webp_quality = 70\nwebp_effort = 6\navif_quality = 40\n"),
                           envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(both.status().toString(), both.ok());
    CPPUNIT_ASSERT(both->images.siblingFormats ==
                   (std::vector<SiblingFormat>{SiblingFormat::kAvif, SiblingFormat::kWebp}));
    CPPUNIT_ASSERT(both->images.siblingMain);
    CPPUNIT_ASSERT_EQUAL(70, both->images.webpQuality);
    CPPUNIT_ASSERT_EQUAL(6, both->images.webpEffort);
    CPPUNIT_ASSERT_EQUAL(40, both->images.avifQuality);

    auto none = loadConfig(writeIni("[images]\nsibling_formats =\n"), envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(none.status().toString(), none.ok());
    CPPUNIT_ASSERT(none->images.siblingFormats.empty());

    auto env = loadConfig(writeIni("[images]\nsibling_formats = webp\n"),
                          envFrom({{"USERIMG_IMAGES_SIBLING_FORMATS", "avif"}}), false);
    CPPUNIT_ASSERT_MESSAGE(env.status().toString(), env.ok());
    CPPUNIT_ASSERT(env->images.siblingFormats == std::vector<SiblingFormat>{SiblingFormat::kAvif});
  }

  void testRefusesUnknownOrRepeatedSiblingFormats() {
    auto unknown =
        loadConfig(writeIni("[images]\nsibling_formats = webp,jxl\n"), envFrom({}), false);
    CPPUNIT_ASSERT(unknown.status().code() == core::StatusCode::kInvalidArgument);
    CPPUNIT_ASSERT_EQUAL(std::string("configuration setting images.sibling_formats: 'jxl' is not a "
                                     "sibling format (webp, avif)"),
                         unknown.status().message());
    auto twice =
        loadConfig(writeIni("[images]\nsibling_formats = webp, WEBP\n"), envFrom({}), false);
    CPPUNIT_ASSERT_EQUAL(
        std::string("configuration setting images.sibling_formats: 'WEBP' is listed twice"),
        twice.status().message());
    auto quality = loadConfig(writeIni("[images]\nwebp_quality = 0\n"), envFrom({}), false);
    CPPUNIT_ASSERT(quality.status().code() == core::StatusCode::kInvalidArgument);
    auto effort = loadConfig(writeIni("[images]\nwebp_effort = 7\n"), envFrom({}), false);
    CPPUNIT_ASSERT(effort.status().code() == core::StatusCode::kInvalidArgument);
  }

  void testShippedIniHasTheDefaultSiblings() {
    const fs::path shipped = fs::path(USERIMG_SOURCE_DIR) / "conf" / "userimg.ini";
    auto config = loadConfig(shipped.string(), envFrom({}), false);
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    const ImagesConfig defaults;
    CPPUNIT_ASSERT(config->images.siblingFormats == defaults.siblingFormats);
    CPPUNIT_ASSERT_EQUAL(defaults.siblingMain, config->images.siblingMain);
    CPPUNIT_ASSERT_EQUAL(defaults.webpQuality, config->images.webpQuality);
    CPPUNIT_ASSERT_EQUAL(defaults.webpEffort, config->images.webpEffort);
    CPPUNIT_ASSERT_EQUAL(defaults.avifQuality, config->images.avifQuality);
  }

 private:
  std::string writeIni(const std::string& content) {
    const fs::path path = dir_->path() / ("test-" + std::to_string(counter_++) + ".ini");
    std::ofstream(path) << content;
    return path.string();
  }

  std::unique_ptr<core::ScopedTempDir> dir_;
  int counter_ = 0;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ImagesConfigLoaderTest, "config");

}  // namespace
}  // namespace userimg::config
