#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/env_from.h"
#include "config/loader.h"

namespace userimg::config {
namespace {

namespace fs = std::filesystem;

const std::string kSecret = "0123456789abcdef-test-secret";

using testing::envFrom;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class LoaderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(LoaderTest);
  CPPUNIT_TEST(testDefaultsWithoutFileOrEnvironment);
  CPPUNIT_TEST(testReadsValuesFromIniFile);
  CPPUNIT_TEST(testEnvironmentOverridesFile);
  CPPUNIT_TEST(testEnvironmentAloneSuppliesSecret);
  CPPUNIT_TEST(testMissingFileFailsNamingPath);
  CPPUNIT_TEST(testRejectsNonNumericValueNamingSetting);
  CPPUNIT_TEST(testRejectsOutOfRangeValuesNamingSetting);
  CPPUNIT_TEST(testRejectsUnknownDatabaseDriver);
  CPPUNIT_TEST(testRejectsUnknownJwtAlgorithm);
  CPPUNIT_TEST(testRejectsEmptyAlgorithmList);
  CPPUNIT_TEST(testRejectsUnknownLogLevel);
  CPPUNIT_TEST(testReadsLogSettingsOverDefaults);
  CPPUNIT_TEST(testRejectsUnknownLogFormatAndNonBooleanLogSwitches);
  CPPUNIT_TEST(testRejectsUnknownStorageBackend);
  CPPUNIT_TEST(testRejectsNonBooleanAutoProvision);
  CPPUNIT_TEST(testRequiresSecretByDefault);
  CPPUNIT_TEST(testSecretOptionalWhenNotRequired);
  CPPUNIT_TEST(testRefusesShortSecretWithoutEchoingIt);
  CPPUNIT_TEST(testDataDirDrivesPathDefaults);
  CPPUNIT_TEST(testExplicitPathsWinOverDataDir);
  CPPUNIT_TEST(testRefusesStorageDirsEscapingRoot);
  CPPUNIT_TEST(testParsesSocketModeAsOctal);
  CPPUNIT_TEST(testMediaPrefixGetsTrailingSlash);
  CPPUNIT_TEST(testNormalisesMountPrefix);
  CPPUNIT_TEST(testRefusesMountPrefixThatIsNotAPath);
  CPPUNIT_TEST(testExpandsReferencesToOtherSettings);
  CPPUNIT_TEST(testEnvVariableNames);
  CPPUNIT_TEST(testCorsOriginsFromFileAndEnvironment);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    std::string pattern = (fs::temp_directory_path() / "userimg-config-XXXXXX").string();
    CPPUNIT_ASSERT_MESSAGE("mkdtemp failed", ::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
  }

  void tearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void testDefaultsWithoutFileOrEnvironment() {
    auto config = loadConfig("", envFrom({}), /*requireSecret=*/false);
    CPPUNIT_ASSERT_MESSAGE("defaults must load: " + config.status().toString(), config.ok());
    const AppConfig& c = config.value();
    CPPUNIT_ASSERT_EQUAL(std::string("var"), c.dataDir);
    CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1:9000"), c.server.listen);
    CPPUNIT_ASSERT_EQUAL(0, c.server.threads);
    CPPUNIT_ASSERT_EQUAL(256, c.server.backlog);
    CPPUNIT_ASSERT_EQUAL(0660, c.server.socketMode);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{10 * 1024 * 1024}, c.upload.maxBytes);
    CPPUNIT_ASSERT_EQUAL(std::string("var/tmp"), c.upload.tempDir);
    CPPUNIT_ASSERT_EQUAL(std::string(), c.auth.secret);
    CPPUNIT_ASSERT_MESSAGE("default algorithms must be exactly HS256",
                           c.auth.algorithms == std::set<std::string>{"HS256"});
    CPPUNIT_ASSERT_EQUAL(30, c.auth.leewaySeconds);
    CPPUNIT_ASSERT_EQUAL(4096, c.auth.tokenCacheEntries);
    CPPUNIT_ASSERT_EQUAL(std::string(), c.auth.issuer);
    CPPUNIT_ASSERT_EQUAL(std::string(), c.auth.audience);
    CPPUNIT_ASSERT_MESSAGE("auto-provision must default to on", c.auth.autoProvision);
    CPPUNIT_ASSERT_EQUAL(std::string("sqlite"), c.database.driver);
    CPPUNIT_ASSERT_EQUAL(std::string("var/userimg.db"), c.database.sqlitePath);
    CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), c.database.host);
    CPPUNIT_ASSERT_EQUAL(3306, c.database.port);
    CPPUNIT_ASSERT_EQUAL(std::string("userimg"), c.database.user);
    CPPUNIT_ASSERT_EQUAL(std::string("userimg"), c.database.name);
    CPPUNIT_ASSERT_EQUAL(32, c.database.poolMax);
    CPPUNIT_ASSERT_EQUAL(std::string("local"), c.storage.backend);
    CPPUNIT_ASSERT_EQUAL(std::string("var/media"), c.storage.root);
    CPPUNIT_ASSERT_EQUAL(std::string("/media/"), c.storage.mediaPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("resume/images"), c.storage.profileDir);
    CPPUNIT_ASSERT_EQUAL(std::string("resume/covers"), c.storage.coverDir);
    CPPUNIT_ASSERT_EQUAL(std::string("/static/userimg/default-profile.png"),
                         c.storage.defaultProfileUrl);
    CPPUNIT_ASSERT_EQUAL(std::string("info"), c.log.level);
  }

  void testReadsValuesFromIniFile() {
    const std::string path = writeIni(
        "[data]\ndir = /srv/userimg\n"
        "[server]\nlisten = /run/userimg.sock\nthreads = 4\nbacklog = 64\n"
        "[upload]\nmax_bytes = 2048\n"
        "[jwt]\nsecret = " +
        kSecret +
        "\nalgorithms = HS256, HS512\nleeway = 5\ntoken_cache = 0\n"
        "issuer = https://issuer.example\naudience = userimg\n"
        "[users]\nauto_provision = no\n"
        "[database]\ndriver = MySQL\nhost = db.internal\nport = 3307\nuser = u\n"
        "password = p\nname = n\npool_max = 8\n"
        "[storage]\nmedia_prefix = /files/\nprofile_dir = p/img\ncover_dir = p/cov\n"
        "default_profile_url = /d.png\n"
        "[log]\nlevel = WARNING\n");
    auto config = loadConfig(path, envFrom({}));
    CPPUNIT_ASSERT_MESSAGE("the INI file must load: " + config.status().toString(), config.ok());
    const AppConfig& c = config.value();
    CPPUNIT_ASSERT_EQUAL(std::string("/srv/userimg"), c.dataDir);
    CPPUNIT_ASSERT_EQUAL(std::string("/run/userimg.sock"), c.server.listen);
    CPPUNIT_ASSERT_EQUAL(4, c.server.threads);
    CPPUNIT_ASSERT_EQUAL(64, c.server.backlog);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2048}, c.upload.maxBytes);
    CPPUNIT_ASSERT_EQUAL(kSecret, c.auth.secret);
    CPPUNIT_ASSERT_MESSAGE("algorithms must be read as a comma-separated list",
                           (c.auth.algorithms == std::set<std::string>{"HS256", "HS512"}));
    CPPUNIT_ASSERT_EQUAL(5, c.auth.leewaySeconds);
    CPPUNIT_ASSERT_EQUAL(0, c.auth.tokenCacheEntries);
    CPPUNIT_ASSERT_EQUAL(std::string("https://issuer.example"), c.auth.issuer);
    CPPUNIT_ASSERT_EQUAL(std::string("userimg"), c.auth.audience);
    CPPUNIT_ASSERT_MESSAGE("auto_provision = no must turn it off", !c.auth.autoProvision);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the driver must be lower-cased", std::string("mysql"),
                                 c.database.driver);
    CPPUNIT_ASSERT_EQUAL(std::string("db.internal"), c.database.host);
    CPPUNIT_ASSERT_EQUAL(3307, c.database.port);
    CPPUNIT_ASSERT_EQUAL(std::string("u"), c.database.user);
    CPPUNIT_ASSERT_EQUAL(std::string("p"), c.database.password);
    CPPUNIT_ASSERT_EQUAL(std::string("n"), c.database.name);
    CPPUNIT_ASSERT_EQUAL(8, c.database.poolMax);
    CPPUNIT_ASSERT_EQUAL(std::string("/files/"), c.storage.mediaPrefix);
    CPPUNIT_ASSERT_EQUAL(std::string("p/img"), c.storage.profileDir);
    CPPUNIT_ASSERT_EQUAL(std::string("p/cov"), c.storage.coverDir);
    CPPUNIT_ASSERT_EQUAL(std::string("/d.png"), c.storage.defaultProfileUrl);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the log level must be lower-cased", std::string("warning"),
                                 c.log.level);
  }

  void testEnvironmentOverridesFile() {
    const std::string path = writeIni("[jwt]\nsecret = " + kSecret +
                                      "\n[upload]\nmax_bytes = 2048\n"
                                      "[database]\ndriver = sqlite\n");
    const std::string envSecret = "environment-secret-0123456789";
    auto config = loadConfig(path, envFrom({{"USERIMG_JWT_SECRET", envSecret},
                                            {"USERIMG_UPLOAD_MAX_BYTES", "4096"},
                                            {"USERIMG_DATABASE_DRIVER", "mysql"},
                                            {"USERIMG_JWT_TOKEN_CACHE", "12"}}));
    CPPUNIT_ASSERT_MESSAGE("load failed: " + config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("USERIMG_JWT_SECRET must beat [jwt] secret", envSecret,
                                 config->auth.secret);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("USERIMG_UPLOAD_MAX_BYTES must beat [upload] max_bytes",
                                 std::int64_t{4096}, config->upload.maxBytes);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("USERIMG_DATABASE_DRIVER must beat [database] driver",
                                 std::string("mysql"), config->database.driver);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("USERIMG_JWT_TOKEN_CACHE must set [jwt] token_cache", 12,
                                 config->auth.tokenCacheEntries);
  }

  void testEnvironmentAloneSuppliesSecret() {
    auto config = loadConfig("", envFrom({{"USERIMG_JWT_SECRET", kSecret}}));
    CPPUNIT_ASSERT_MESSAGE(
        "a secret from the environment must satisfy the requirement: " + config.status().toString(),
        config.ok());
    CPPUNIT_ASSERT_EQUAL(kSecret, config->auth.secret);
  }

  void testMissingFileFailsNamingPath() {
    const std::string path = (dir_ / "absent.ini").string();
    auto config = loadConfig(path, envFrom({{"USERIMG_JWT_SECRET", kSecret}}));
    CPPUNIT_ASSERT_MESSAGE("a missing file must fail", !config.ok());
    CPPUNIT_ASSERT_MESSAGE("a missing file is kInvalidArgument",
                           config.status().code() == core::StatusCode::kInvalidArgument);
    CPPUNIT_ASSERT_MESSAGE("the message must name the file: " + config.status().message(),
                           contains(config.status().message(), path));
  }

  void testRejectsNonNumericValueNamingSetting() {
    expectFailureNaming("[upload]\nmax_bytes = ten megabytes\n", "upload.max_bytes");
    expectFailureNaming("[database]\nport = 33o6\n", "database.port");
  }

  void testRejectsOutOfRangeValuesNamingSetting() {
    expectFailureNaming("[upload]\nmax_bytes = 10\n", "upload.max_bytes");
    expectFailureNaming("[server]\nbacklog = 0\n", "server.backlog");
    expectFailureNaming("[database]\nport = 70000\n", "database.port");
    expectFailureNaming("[jwt]\nleeway = -1\n", "jwt.leeway");
    expectFailureNaming("[jwt]\ntoken_cache = -1\n", "jwt.token_cache");
    expectFailureNaming("[database]\npool_max = 0\n", "database.pool_max");
  }

  void testRejectsUnknownDatabaseDriver() {
    expectFailureNaming("[database]\ndriver = postgres\n", "database.driver");
  }

  void testRejectsUnknownJwtAlgorithm() {
    expectFailureNaming("[jwt]\nalgorithms = HS256, RS256\n", "jwt.algorithms");
    expectFailureNaming("[jwt]\nalgorithms = none\n", "jwt.algorithms");
  }

  void testRejectsEmptyAlgorithmList() {
    expectFailureNaming("[jwt]\nalgorithms = ,\n", "jwt.algorithms");
  }

  void testRejectsUnknownLogLevel() {
    expectFailureNaming("[log]\nlevel = verbose\n", "log.level");
  }

  void testReadsLogSettingsOverDefaults() {
    auto defaults = loadConfig("", envFrom({{"USERIMG_JWT_SECRET", kSecret}}));
    CPPUNIT_ASSERT(defaults.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("text"), defaults->log.format);
    CPPUNIT_ASSERT(defaults->log.access);
    CPPUNIT_ASSERT(!defaults->log.userIds);
    CPPUNIT_ASSERT(!defaults->log.trustRequestId);
    auto set = loadConfig(
        writeIni("[log]\nformat = JSON\naccess = off\nuser_ids = yes\ntrust_request_id = true\n"),
        envFrom({{"USERIMG_JWT_SECRET", kSecret}, {"USERIMG_LOG_ACCESS", "on"}}));
    CPPUNIT_ASSERT_MESSAGE(set.status().toString(), set.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("json"), set->log.format);
    CPPUNIT_ASSERT_MESSAGE("the environment overrides the file", set->log.access);
    CPPUNIT_ASSERT(set->log.userIds);
    CPPUNIT_ASSERT(set->log.trustRequestId);
  }

  void testRejectsUnknownLogFormatAndNonBooleanLogSwitches() {
    expectFailureNaming("[log]\nformat = xml\n", "log.format");
    expectFailureNaming("[log]\naccess = sometimes\n", "log.access");
    expectFailureNaming("[log]\nuser_ids = 2\n", "log.user_ids");
    expectFailureNaming("[log]\ntrust_request_id = maybe\n", "log.trust_request_id");
  }

  void testRejectsUnknownStorageBackend() {
    expectFailureNaming("[storage]\nbackend = s3\n", "storage.backend");
  }

  void testRejectsNonBooleanAutoProvision() {
    expectFailureNaming("[users]\nauto_provision = maybe\n", "users.auto_provision");
  }

  void testRequiresSecretByDefault() {
    auto config = loadConfig("", envFrom({}));
    CPPUNIT_ASSERT_MESSAGE("a missing secret must fail when required", !config.ok());
    CPPUNIT_ASSERT_MESSAGE("the message must name jwt.secret: " + config.status().message(),
                           contains(config.status().message(), "jwt.secret"));
  }

  void testSecretOptionalWhenNotRequired() {
    auto config = loadConfig("", envFrom({}), /*requireSecret=*/false);
    CPPUNIT_ASSERT_MESSAGE(
        "requireSecret=false must allow no secret: " + config.status().toString(), config.ok());
  }

  void testRefusesShortSecretWithoutEchoingIt() {
    const std::string shortSecret = "fifteen-chars!!";
    CPPUNIT_ASSERT_EQUAL(std::size_t{15}, shortSecret.size());
    auto config = loadConfig("", envFrom({{"USERIMG_JWT_SECRET", shortSecret}}));
    CPPUNIT_ASSERT_MESSAGE("a 15-character secret must be refused", !config.ok());
    CPPUNIT_ASSERT_MESSAGE("the message must name jwt.secret: " + config.status().message(),
                           contains(config.status().message(), "jwt.secret"));
    CPPUNIT_ASSERT_MESSAGE("the message must not echo the secret",
                           !contains(config.status().message(), shortSecret));

    auto sixteen = loadConfig("", envFrom({{"USERIMG_JWT_SECRET", shortSecret + "!"}}));
    CPPUNIT_ASSERT_MESSAGE("a 16-character secret must be accepted: " + sixteen.status().toString(),
                           sixteen.ok());
  }

  void testDataDirDrivesPathDefaults() {
    auto config = loadConfig(
        "", envFrom({{"USERIMG_JWT_SECRET", kSecret}, {"USERIMG_DATA_DIR", "/srv/data"}}));
    CPPUNIT_ASSERT_MESSAGE("load failed: " + config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("/srv/data"), config->dataDir);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("sqlite_path must default under the data dir",
                                 std::string("/srv/data/userimg.db"), config->database.sqlitePath);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("storage root must default under the data dir",
                                 std::string("/srv/data/media"), config->storage.root);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("temp dir must default under the data dir",
                                 std::string("/srv/data/tmp"), config->upload.tempDir);
  }

  void testExplicitPathsWinOverDataDir() {
    const std::string path = writeIni(
        "[data]\ndir = /srv/data\n[database]\nsqlite_path = /db/u.db\n"
        "[storage]\nroot = /m\n[upload]\ntemp_dir = /t\n");
    auto config = loadConfig(path, envFrom({{"USERIMG_JWT_SECRET", kSecret}}));
    CPPUNIT_ASSERT_MESSAGE("load failed: " + config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("/db/u.db"), config->database.sqlitePath);
    CPPUNIT_ASSERT_EQUAL(std::string("/m"), config->storage.root);
    CPPUNIT_ASSERT_EQUAL(std::string("/t"), config->upload.tempDir);
  }

  void testRefusesStorageDirsEscapingRoot() {
    expectFailureNaming("[storage]\nprofile_dir = ../etc\n", "profile_dir");
    expectFailureNaming("[storage]\nprofile_dir = resume/../../etc\n", "profile_dir");
    expectFailureNaming("[storage]\nprofile_dir = /etc\n", "profile_dir");
    expectFailureNaming("[storage]\ncover_dir = a/../../b\n", "cover_dir");
  }

  void testParsesSocketModeAsOctal() {
    const std::string path = writeIni("[server]\nsocket_mode = 0600\n");
    auto config = loadConfig(path, envFrom({{"USERIMG_JWT_SECRET", kSecret}}));
    CPPUNIT_ASSERT_MESSAGE("load failed: " + config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("socket_mode must be octal", 0600, config->server.socketMode);
    expectFailureNaming("[server]\nsocket_mode = 0999\n", "server.socket_mode");
  }

  void testMediaPrefixGetsTrailingSlash() {
    auto config = loadConfig("", envFrom({{"USERIMG_JWT_SECRET", kSecret},
                                          {"USERIMG_STORAGE_MEDIA_PREFIX", "/pictures"}}));
    CPPUNIT_ASSERT_MESSAGE("load failed: " + config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("/pictures/"), config->storage.mediaPrefix);
  }

  void testNormalisesMountPrefix() {
    for (const auto& [given, expected] : std::vector<std::pair<std::string, std::string>>{
             {"", ""}, {"/", ""}, {"/~alice/", "/~alice"}, {"app/images", "/app/images"}}) {
      auto config = loadConfig(
          "", envFrom({{"USERIMG_JWT_SECRET", kSecret}, {"USERIMG_SERVER_MOUNT_PREFIX", given}}));
      CPPUNIT_ASSERT_MESSAGE("load failed: " + config.status().toString(), config.ok());
      CPPUNIT_ASSERT_EQUAL_MESSAGE("mount_prefix '" + given + "'", expected,
                                   config->server.mountPrefix);
    }
  }

  void testRefusesMountPrefixThatIsNotAPath() {
    auto config = loadConfig("", envFrom({{"USERIMG_JWT_SECRET", kSecret},
                                          {"USERIMG_SERVER_MOUNT_PREFIX", "/app?x=1"}}));
    CPPUNIT_ASSERT_MESSAGE("a query in mount_prefix must be refused", !config.ok());
    CPPUNIT_ASSERT_MESSAGE(config.status().message(),
                           contains(config.status().message(), "server.mount_prefix"));
  }

  void testExpandsReferencesToOtherSettings() {
    const std::string path =
        writeIni("[data]\ndir = /srv/data\n[storage]\nroot = ${data.dir}/pics\n");
    auto config = loadConfig(path, envFrom({{"USERIMG_JWT_SECRET", kSecret}}));
    CPPUNIT_ASSERT_MESSAGE("load failed: " + config.status().toString(), config.ok());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("${data.dir} must expand", std::string("/srv/data/pics"),
                                 config->storage.root);
  }

  void testEnvVariableNames() {
    CPPUNIT_ASSERT_EQUAL(std::string("USERIMG_JWT_SECRET"), envVariableFor("jwt", "secret"));
    CPPUNIT_ASSERT_EQUAL(std::string("USERIMG_UPLOAD_MAX_BYTES"),
                         envVariableFor("upload", "max_bytes"));
    CPPUNIT_ASSERT_EQUAL(std::string("USERIMG_DATABASE_DRIVER"),
                         envVariableFor("database", "driver"));
  }

 private:
  std::string writeIni(const std::string& content) {
    const fs::path path = dir_ / ("test-" + std::to_string(counter_++) + ".ini");
    std::ofstream(path) << content;
    return path.string();
  }

  // Loads `ini` (with a valid secret from the environment) and expects a
  // kInvalidArgument whose message names `setting`.
  void expectFailureNaming(const std::string& ini, const std::string& setting) {
    auto config = loadConfig(writeIni(ini), envFrom({{"USERIMG_JWT_SECRET", kSecret}}));
    CPPUNIT_ASSERT_MESSAGE("'" + ini + "' must be refused", !config.ok());
    CPPUNIT_ASSERT_MESSAGE("'" + ini + "' must fail with kInvalidArgument",
                           config.status().code() == core::StatusCode::kInvalidArgument);
    CPPUNIT_ASSERT_MESSAGE(
        "the message for '" + ini + "' must name " + setting + ": " + config.status().message(),
        contains(config.status().message(), setting));
  }

  fs::path dir_;
  int counter_ = 0;

  void testCorsOriginsFromFileAndEnvironment() {
    auto none = loadConfig("", envFrom({{"USERIMG_JWT_SECRET", kSecret}}));
    CPPUNIT_ASSERT_MESSAGE(none.status().toString(), none.ok());
    CPPUNIT_ASSERT_MESSAGE("default: no origin", none->http.corsOrigins.empty());
    const std::string path = writeIni("[jwt]\nsecret = " + kSecret +
                                      "\n[http]\ncors_origins = https://a.example, "
                                      "http://127.0.0.1:8080\n");
    auto listed = loadConfig(path, envFrom({}));
    CPPUNIT_ASSERT_MESSAGE(listed.status().toString(), listed.ok());
    CPPUNIT_ASSERT(listed->http.corsOrigins ==
                   (std::vector<std::string>{"https://a.example", "http://127.0.0.1:8080"}));
    auto env = loadConfig(path, envFrom({{"USERIMG_HTTP_CORS_ORIGINS", "https://b.example"}}));
    CPPUNIT_ASSERT_MESSAGE(env.status().toString(), env.ok());
    CPPUNIT_ASSERT(env->http.corsOrigins == std::vector<std::string>{"https://b.example"});
    auto bad = loadConfig(path, envFrom({{"USERIMG_HTTP_CORS_ORIGINS", "*"}}));
    CPPUNIT_ASSERT(!bad.ok());
    CPPUNIT_ASSERT_MESSAGE(bad.status().message(),
                           contains(bad.status().message(), "http.cors_origins"));
    auto path_ = loadConfig(path, envFrom({{"USERIMG_HTTP_CORS_ORIGINS", "https://b.example/x"}}));
    CPPUNIT_ASSERT_MESSAGE("an origin with a path is refused", !path_.ok());
  }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(LoaderTest, "config");

}  // namespace
}  // namespace userimg::config
