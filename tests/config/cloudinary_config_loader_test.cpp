// The loader's [storage] backend = cloudinary, [cloudinary] (with
// CLOUDINARY_URL) and [deletions] sections.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "config/env_from.h"
#include "config/loader.h"

namespace userimg::config {
namespace {

namespace fs = std::filesystem;

const std::string kJwtSecret = "0123456789abcdef-test-secret";
const std::string kApiSecret = "s3cr3t-Cloudinary-V4lue";

EnvLookup envFrom(std::map<std::string, std::string> variables) {
  variables.emplace("USERIMG_JWT_SECRET", kJwtSecret);
  return testing::envFrom(std::move(variables));
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class CloudinaryConfigLoaderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CloudinaryConfigLoaderTest);
  CPPUNIT_TEST(testDefaultsOfNewSections);
  CPPUNIT_TEST(testAcceptsCloudinaryBackendWithKeys);
  CPPUNIT_TEST(testReadsEveryCloudinaryKey);
  CPPUNIT_TEST(testUrlSettingSuppliesCredentials);
  CPPUNIT_TEST(testCloudinaryUrlVariableWinsOverFile);
  CPPUNIT_TEST(testUserimgOverridesApplyToCloudinaryKeys);
  CPPUNIT_TEST(testEmptyKeysInFileKeepUrlValues);
  CPPUNIT_TEST(testCloudinaryBackendWithoutCredentialsIsRefused);
  CPPUNIT_TEST(testMalformedCloudinaryUrlIsRefusedWithoutEchoingSecret);
  CPPUNIT_TEST(testInvalidCloudinarySettingsAreRefusedNamingThem);
  CPPUNIT_TEST(testNoMessageEverContainsTheApiSecret);
  CPPUNIT_TEST(testCloudinarySettingsAreNotValidatedForLocalBackend);
  CPPUNIT_TEST(testReadsDeletionsSection);
  CPPUNIT_TEST(testDeletionsOverriddenByEnvironment);
  CPPUNIT_TEST(testRejectsOutOfRangeDeletionSettings);
  CPPUNIT_TEST(testShippedIniLoads);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    std::string pattern = (fs::temp_directory_path() / "userimg-cldcfg-XXXXXX").string();
    CPPUNIT_ASSERT_MESSAGE("mkdtemp failed", ::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
  }

  void tearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void testDefaultsOfNewSections() {
    auto config = loadConfig("", envFrom({}));
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    const CloudinaryConfig& c = config->cloudinary;
    CPPUNIT_ASSERT_EQUAL(std::string("local"), config->storage.backend);
    CPPUNIT_ASSERT_EQUAL(std::string(), c.cloudName);
    CPPUNIT_ASSERT_EQUAL(std::string(), c.apiKey);
    CPPUNIT_ASSERT_EQUAL(std::string(), c.apiSecret);
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.cloudinary.com"), c.uploadPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("https://res.cloudinary.com"), c.deliveryPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("profile_images"), c.profileFolder);
    CPPUNIT_ASSERT_EQUAL(std::string("cover_images"), c.coverFolder);
    CPPUNIT_ASSERT_EQUAL(std::string("sha1"), c.signatureAlgorithm);
    CPPUNIT_ASSERT_EQUAL(5000, c.connectTimeoutMs);
    CPPUNIT_ASSERT_EQUAL(30000, c.timeoutMs);
    CPPUNIT_ASSERT_EQUAL(3, c.maxAttempts);
    CPPUNIT_ASSERT_EQUAL(60, config->deletions.retrySeconds);
    CPPUNIT_ASSERT_EQUAL(30, config->deletions.sweepIntervalSeconds);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3600}, config->deletions.gcGraceSeconds);
  }

  void testAcceptsCloudinaryBackendWithKeys() {
    auto config = load(
        "[storage]\nbackend = Cloudinary\n"
        "[cloudinary]\ncloud_name = demo\napi_key = 1234\napi_secret = " +
        kApiSecret + "\n");
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("cloudinary"), config->storage.backend);
    CPPUNIT_ASSERT_EQUAL(std::string("demo"), config->cloudinary.cloudName);
    CPPUNIT_ASSERT_EQUAL(std::string("1234"), config->cloudinary.apiKey);
    CPPUNIT_ASSERT_EQUAL(kApiSecret, config->cloudinary.apiSecret);
  }

  void testReadsEveryCloudinaryKey() {
    auto config = load(
        "[storage]\nbackend = cloudinary\n"
        "[cloudinary]\ncloud_name = demo\napi_key = 1234\napi_secret = " +
        kApiSecret +
        "\n"
        "upload_prefix = http://127.0.0.1:9999\ndelivery_prefix = https://cdn.example\n"
        "profile_folder = app/profiles\ncover_folder = app/covers\nsignature_algorithm = SHA256\n"
        "connect_timeout_ms = 250\ntimeout_ms = 4000\nmax_attempts = 5\n");
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    const CloudinaryConfig& c = config->cloudinary;
    CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:9999"), c.uploadPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("https://cdn.example"), c.deliveryPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("app/profiles"), c.profileFolder);
    CPPUNIT_ASSERT_EQUAL(std::string("app/covers"), c.coverFolder);
    CPPUNIT_ASSERT_EQUAL(std::string("sha256"), c.signatureAlgorithm);
    CPPUNIT_ASSERT_EQUAL(250, c.connectTimeoutMs);
    CPPUNIT_ASSERT_EQUAL(4000, c.timeoutMs);
    CPPUNIT_ASSERT_EQUAL(5, c.maxAttempts);
  }

  void testUrlSettingSuppliesCredentials() {
    auto config = load(
        "[storage]\nbackend = cloudinary\n"
        "[cloudinary]\nurl = cloudinary://key1:" +
        kApiSecret + "@cloud1?upload_prefix=http://127.0.0.1:8000/\ncloud_name = ignored\n");
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    const CloudinaryConfig& c = config->cloudinary;
    CPPUNIT_ASSERT_EQUAL_MESSAGE("url wins over the separate keys", std::string("cloud1"),
                                 c.cloudName);
    CPPUNIT_ASSERT_EQUAL(std::string("key1"), c.apiKey);
    CPPUNIT_ASSERT_EQUAL(kApiSecret, c.apiSecret);
    CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:8000"), c.uploadPrefix);
  }

  void testCloudinaryUrlVariableWinsOverFile() {
    auto config = load(
        "[storage]\nbackend = cloudinary\n"
        "[cloudinary]\nurl = cloudinary://filekey:filesecret@filecloud\n"
        "cloud_name = keycloud\napi_key = k\napi_secret = s\ndelivery_prefix = "
        "https://cdn.example\n",
        {{"CLOUDINARY_URL",
          "cloudinary://envkey:" + kApiSecret + "@envcloud?signature_algorithm=sha256"}});
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    const CloudinaryConfig& c = config->cloudinary;
    CPPUNIT_ASSERT_EQUAL(std::string("envcloud"), c.cloudName);
    CPPUNIT_ASSERT_EQUAL(std::string("envkey"), c.apiKey);
    CPPUNIT_ASSERT_EQUAL(kApiSecret, c.apiSecret);
    CPPUNIT_ASSERT_EQUAL(std::string("sha256"), c.signatureAlgorithm);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("settings the URL does not carry stay",
                                 std::string("https://cdn.example"), c.deliveryPrefix);
  }

  void testUserimgOverridesApplyToCloudinaryKeys() {
    auto config = load("[cloudinary]\ncloud_name = file\ntimeout_ms = 100\n",
                       {{"USERIMG_CLOUDINARY_CLOUD_NAME", "env"},
                        {"USERIMG_CLOUDINARY_API_SECRET", kApiSecret},
                        {"USERIMG_CLOUDINARY_TIMEOUT_MS", "2500"},
                        {"USERIMG_CLOUDINARY_DELIVERY_PREFIX", "http://127.0.0.1:7000"},
                        {"USERIMG_STORAGE_BACKEND", "cloudinary"},
                        {"USERIMG_CLOUDINARY_API_KEY", "k"}});
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("cloudinary"), config->storage.backend);
    CPPUNIT_ASSERT_EQUAL(std::string("env"), config->cloudinary.cloudName);
    CPPUNIT_ASSERT_EQUAL(kApiSecret, config->cloudinary.apiSecret);
    CPPUNIT_ASSERT_EQUAL(2500, config->cloudinary.timeoutMs);
    CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:7000"), config->cloudinary.deliveryPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("USERIMG_CLOUDINARY_API_SECRET"),
                         envVariableFor("cloudinary", "api_secret"));
    CPPUNIT_ASSERT_EQUAL(std::string("USERIMG_DELETIONS_GC_GRACE_SECONDS"),
                         envVariableFor("deletions", "gc_grace_seconds"));
  }

  void testEmptyKeysInFileKeepUrlValues() {
    // The shipped file lists the keys empty; CLOUDINARY_URL alone must do.
    auto config = load(
        "[storage]\nbackend = cloudinary\n[cloudinary]\ncloud_name =\napi_key =\n"
        "api_secret =\n",
        {{"CLOUDINARY_URL", "cloudinary://k:" + kApiSecret + "@c"}});
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("c"), config->cloudinary.cloudName);
  }

  void testCloudinaryBackendWithoutCredentialsIsRefused() {
    auto config = load("[storage]\nbackend = cloudinary\n");
    CPPUNIT_ASSERT(!config.ok());
    CPPUNIT_ASSERT(config.status().code() == core::StatusCode::kInvalidArgument);
    CPPUNIT_ASSERT_MESSAGE(config.status().message(),
                           contains(config.status().message(), "cloud_name"));
    CPPUNIT_ASSERT_MESSAGE(config.status().message(),
                           contains(config.status().message(), "CLOUDINARY_URL"));
  }

  void testMalformedCloudinaryUrlIsRefusedWithoutEchoingSecret() {
    for (const std::string& url :
         {"https://k:" + kApiSecret + "@cloud", "cloudinary://k:" + kApiSecret + "-cloud",
          "cloudinary://:" + kApiSecret + "@cloud", "cloudinary://k:" + kApiSecret + "%zz@cloud"}) {
      auto fromEnv = load("[storage]\nbackend = cloudinary\n", {{"CLOUDINARY_URL", url}});
      CPPUNIT_ASSERT_MESSAGE("must refuse CLOUDINARY_URL", !fromEnv.ok());
      CPPUNIT_ASSERT_MESSAGE(fromEnv.status().message(),
                             contains(fromEnv.status().message(), "CLOUDINARY_URL"));
      CPPUNIT_ASSERT_MESSAGE("the secret leaked: " + fromEnv.status().message(),
                             !contains(fromEnv.status().message(), kApiSecret));
      auto fromFile = load("[storage]\nbackend = cloudinary\n[cloudinary]\nurl = " + url + "\n");
      CPPUNIT_ASSERT(!fromFile.ok());
      CPPUNIT_ASSERT_MESSAGE(fromFile.status().message(),
                             contains(fromFile.status().message(), "cloudinary.url"));
      CPPUNIT_ASSERT_MESSAGE("the secret leaked: " + fromFile.status().message(),
                             !contains(fromFile.status().message(), kApiSecret));
    }
  }

  void testInvalidCloudinarySettingsAreRefusedNamingThem() {
    const std::string credentials =
        "[storage]\nbackend = cloudinary\n[cloudinary]\ncloud_name = demo\napi_key = 1\n"
        "api_secret = " +
        kApiSecret + "\n";
    const std::map<std::string, std::string> bad = {
        {"upload_prefix = ftp://x\n", "upload_prefix"},
        {"delivery_prefix = //cdn\n", "delivery_prefix"},
        {"signature_algorithm = md5\n", "signature_algorithm"},
        {"profile_folder = /abs\n", "profile_folder"},
        {"cover_folder = ../up\n", "cover_folder"},
        {"connect_timeout_ms = 0\n", "cloudinary.connect_timeout_ms"},
        {"timeout_ms = soon\n", "cloudinary.timeout_ms"},
        {"max_attempts = 11\n", "cloudinary.max_attempts"},
    };
    for (const auto& [line, setting] : bad) {
      auto config = load(credentials + line);
      CPPUNIT_ASSERT_MESSAGE("'" + line + "' must be refused", !config.ok());
      CPPUNIT_ASSERT_MESSAGE("'" + line + "': " + config.status().message(),
                             contains(config.status().message(), setting));
    }
    auto badName = load(
        "[storage]\nbackend = cloudinary\n[cloudinary]\ncloud_name = a b\n"
        "api_key = 1\napi_secret = " +
        kApiSecret + "\n");
    CPPUNIT_ASSERT(!badName.ok());
    CPPUNIT_ASSERT(contains(badName.status().message(), "cloud_name"));
  }

  void testNoMessageEverContainsTheApiSecret() {
    // Every way the secret can reach the loader, each with another error.
    const std::map<std::string, std::string> env = {{"USERIMG_CLOUDINARY_API_SECRET", kApiSecret}};
    const std::string base = "[storage]\nbackend = cloudinary\n[cloudinary]\n";
    const std::vector<std::string> inis = {
        base + "api_key = 1\n",
        base + "cloud_name = x\n",
        base + "cloud_name = x\napi_key = 1\ntimeout_ms = -1\n",
        base + "cloud_name = x\napi_key = 1\nupload_prefix = " + kApiSecret + "\n",
    };
    for (const std::string& ini : inis) {
      auto config = load(ini, env);
      CPPUNIT_ASSERT_MESSAGE("'" + ini + "' must be refused", !config.ok());
      CPPUNIT_ASSERT_MESSAGE("the secret leaked: " + config.status().message(),
                             !contains(config.status().message(), kApiSecret));
    }
  }

  void testCloudinarySettingsAreNotValidatedForLocalBackend() {
    auto config =
        load("[cloudinary]\nupload_prefix = ftp://x\n", {{"CLOUDINARY_URL", "not a url"}});
    CPPUNIT_ASSERT_MESSAGE("the local backend ignores [cloudinary]: " + config.status().toString(),
                           config.ok());
  }

  void testReadsDeletionsSection() {
    auto config =
        load("[deletions]\nretry_seconds = 5\nsweep_interval_seconds = 2\ngc_grace_seconds = 0\n");
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(5, config->deletions.retrySeconds);
    CPPUNIT_ASSERT_EQUAL(2, config->deletions.sweepIntervalSeconds);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, config->deletions.gcGraceSeconds);
  }

  void testDeletionsOverriddenByEnvironment() {
    auto config =
        load("[deletions]\nretry_seconds = 5\n", {{"USERIMG_DELETIONS_RETRY_SECONDS", "7"},
                                                  {"USERIMG_DELETIONS_SWEEP_INTERVAL_SECONDS", "3"},
                                                  {"USERIMG_DELETIONS_GC_GRACE_SECONDS", "86400"}});
    CPPUNIT_ASSERT_MESSAGE(config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(7, config->deletions.retrySeconds);
    CPPUNIT_ASSERT_EQUAL(3, config->deletions.sweepIntervalSeconds);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{86400}, config->deletions.gcGraceSeconds);
  }

  void testRejectsOutOfRangeDeletionSettings() {
    for (const auto& [line, setting] : std::map<std::string, std::string>{
             {"retry_seconds = 0\n", "deletions.retry_seconds"},
             {"sweep_interval_seconds = 0\n", "deletions.sweep_interval_seconds"},
             {"gc_grace_seconds = -1\n", "deletions.gc_grace_seconds"},
             {"retry_seconds = soon\n", "deletions.retry_seconds"}}) {
      auto config = load("[deletions]\n" + line);
      CPPUNIT_ASSERT_MESSAGE("'" + line + "' must be refused", !config.ok());
      CPPUNIT_ASSERT_MESSAGE(config.status().message(),
                             contains(config.status().message(), setting));
    }
  }

  void testShippedIniLoads() {
    const fs::path shipped = fs::path(USERIMG_SOURCE_DIR) / "conf" / "userimg.ini";
    auto local = loadConfig(shipped.string(), envFrom({}));
    CPPUNIT_ASSERT_MESSAGE(local.status().toString(), local.ok());
    CPPUNIT_ASSERT_EQUAL(60, local->deletions.retrySeconds);
    auto cloud = loadConfig(shipped.string(),
                            envFrom({{"USERIMG_STORAGE_BACKEND", "cloudinary"},
                                     {"CLOUDINARY_URL", "cloudinary://k:" + kApiSecret + "@c"}}));
    CPPUNIT_ASSERT_MESSAGE(cloud.status().toString(), cloud.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("c"), cloud->cloudinary.cloudName);
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.cloudinary.com"), cloud->cloudinary.uploadPrefix);
  }

 private:
  core::Result<AppConfig> load(const std::string& ini,
                               std::map<std::string, std::string> env = {}) {
    const fs::path path = dir_ / ("userimg-" + std::to_string(++files_) + ".ini");
    std::ofstream(path) << ini;
    return loadConfig(path.string(), envFrom(std::move(env)));
  }

  fs::path dir_;
  int files_ = 0;
};

}  // namespace

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CloudinaryConfigLoaderTest, "config_cloudinary");

}  // namespace userimg::config
