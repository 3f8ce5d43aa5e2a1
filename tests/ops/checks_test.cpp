// The checks of `userimgctl check` (ops/checks.h), one failure each.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "core/temp_dir.h"
#include "db/database.h"
#include "db/migrator.h"
#include "ops/checks.h"
#include "ops/fake_paths.h"

namespace userimg::ops {
namespace {

namespace fs = std::filesystem;
using testing::FakePaths;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Two users every Debian system has: root (uid 0) and nobody (65534, group nogroup).
FakePaths tree() {
  FakePaths paths;
  paths.dir("/", 0, 0, 0755).dir("/srv", 0, 0, 0755);
  return paths;
}

class ChecksTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ChecksTest);
  CPPUNIT_TEST(testMissingSqliteFileFailsWithoutCreatingIt);
  CPPUNIT_TEST(testUnmigratedDatabaseFailsNamingMigrate);
  CPPUNIT_TEST(testMigratedDatabasePasses);
  CPPUNIT_TEST(testUnreachableMysqlFailsWithoutThePassword);
  CPPUNIT_TEST(testStorageRootUnwritableByServiceUserFails);
  CPPUNIT_TEST(testStorageRootUnreadableByWebUserFails);
  CPPUNIT_TEST(testUnknownUserFailsNamingIt);
  CPPUNIT_TEST(testSocketWithTheConfiguredGroupAndModePasses);
  CPPUNIT_TEST(testSocketWithWrongModeFails);
  CPPUNIT_TEST(testSocketWithWrongGroupFails);
  CPPUNIT_TEST(testMissingSocketFails);
  CPPUNIT_TEST(testSocketUnreachableByWebUserFails);
  CPPUNIT_TEST(testTcpListenHasNoSocketCheck);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(fs::temp_directory_path(), "userimg-check-");
    CPPUNIT_ASSERT(dir.ok());
    dir_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
    database_.driver = "sqlite";
    database_.sqlitePath = (dir_->path() / "userimg.db").string();
    server_.listen = "/run/userimg/userimg.sock";
    server_.socketMode = 0660;
    server_.socketGroup = "root";
  }
  void tearDown() override { dir_.reset(); }

  void testMissingSqliteFileFailsWithoutCreatingIt() {
    const CheckResult result = checkDatabase(database_);
    CPPUNIT_ASSERT(!result.ok);
    CPPUNIT_ASSERT_MESSAGE(result.fix, contains(result.fix, "userimgctl migrate"));
    CPPUNIT_ASSERT_MESSAGE("the check must not create the file", !fs::exists(database_.sqlitePath));
  }

  void testUnmigratedDatabaseFailsNamingMigrate() {
    std::ofstream(database_.sqlitePath).close();
    const CheckResult result = checkDatabase(database_);
    CPPUNIT_ASSERT(!result.ok);
    CPPUNIT_ASSERT_MESSAGE(result.fix, contains(result.fix, "userimgctl migrate"));
    CPPUNIT_ASSERT(contains(result.what, "database sqlite " + database_.sqlitePath));
  }

  void testMigratedDatabasePasses() {
    {
      auto database = db::Database::open(database_);
      CPPUNIT_ASSERT(database.ok());
      CPPUNIT_ASSERT(db::migrate(*database.value()).isOk());
    }
    const CheckResult result = checkDatabase(database_);
    CPPUNIT_ASSERT_MESSAGE(result.fix, result.ok);
    CPPUNIT_ASSERT(contains(result.what, "schema version"));
  }

  void testUnreachableMysqlFailsWithoutThePassword() {
    config::DatabaseConfig mysql;
    mysql.driver = "mysql";
    mysql.host = "127.0.0.1";
    mysql.port = 1;  // nothing listens there
    mysql.password = "check-test-db-password";
    const CheckResult result = checkDatabase(mysql);
    CPPUNIT_ASSERT(!result.ok);
    CPPUNIT_ASSERT_EQUAL(std::string("database mysql userimg@127.0.0.1:1/userimg"), result.what);
    CPPUNIT_ASSERT_MESSAGE(result.fix, !contains(result.fix, mysql.password));
    CPPUNIT_ASSERT_MESSAGE(result.fix, contains(result.fix, "[database]"));
  }

  void testStorageRootUnwritableByServiceUserFails() {
    const FakePaths paths = tree().dir("/srv/media", 0, 0, 0755);
    const auto results = checkStorageRoot("/srv/media", "nobody", "nobody", paths.stat());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, results.size());
    CPPUNIT_ASSERT(!results[0].ok);
    CPPUNIT_ASSERT_EQUAL(std::string("storage root /srv/media writable by nobody"),
                         results[0].what);
    CPPUNIT_ASSERT_MESSAGE(results[0].fix, contains(results[0].fix, "chown nobody /srv/media"));
    CPPUNIT_ASSERT_MESSAGE(results[1].fix, results[1].ok);
  }

  void testStorageRootUnreadableByWebUserFails() {
    const FakePaths paths = tree().dir("/srv/media", 0, 0, 0700);
    const auto results = checkStorageRoot("/srv/media", "root", "nobody", paths.stat());
    CPPUNIT_ASSERT(results[0].ok);
    CPPUNIT_ASSERT(!results[1].ok);
    CPPUNIT_ASSERT_EQUAL(std::string("storage root /srv/media readable by nobody"),
                         results[1].what);
    CPPUNIT_ASSERT_MESSAGE(results[1].fix, contains(results[1].fix, "nobody has no rx permission"));
  }

  void testUnknownUserFailsNamingIt() {
    const FakePaths paths = tree().dir("/srv/media", 0, 0, 0755);
    const auto results = checkStorageRoot("/srv/media", "no-such-user-x", "root", paths.stat());
    CPPUNIT_ASSERT(!results[0].ok);
    CPPUNIT_ASSERT_MESSAGE(results[0].fix,
                           contains(results[0].fix, "no user named 'no-such-user-x'"));
  }

  void testSocketWithTheConfiguredGroupAndModePasses() {
    const auto results = checkSocket(server_, "root", socketTree(0, 0660).stat());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, results.size());
    CPPUNIT_ASSERT_MESSAGE(results[0].fix, results[0].ok);
    CPPUNIT_ASSERT_EQUAL(std::string("socket /run/userimg/userimg.sock (group root, mode 0660)"),
                         results[0].what);
    CPPUNIT_ASSERT_MESSAGE(results[1].fix, results[1].ok);
  }

  void testSocketWithWrongModeFails() {
    const auto results = checkSocket(server_, "root", socketTree(0, 0666).stat());
    CPPUNIT_ASSERT(!results[0].ok);
    CPPUNIT_ASSERT_MESSAGE(results[0].fix, contains(results[0].fix, "its mode is 0666, not"));
    server_.socketMode = 0666;
    const auto open = checkSocket(server_, "root", socketTree(0, 0666).stat());
    CPPUNIT_ASSERT_MESSAGE("world-writable even when configured so", !open[0].ok);
    CPPUNIT_ASSERT_MESSAGE(open[0].fix, contains(open[0].fix, "any local user"));
  }

  void testSocketWithWrongGroupFails() {
    const auto results = checkSocket(server_, "root", socketTree(65534, 0660).stat());
    CPPUNIT_ASSERT(!results[0].ok);
    CPPUNIT_ASSERT_MESSAGE(results[0].fix, contains(results[0].fix, "not group root"));
  }

  void testMissingSocketFails() {
    const auto results = checkSocket(server_, "root", tree().stat());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, results.size());
    CPPUNIT_ASSERT(!results[0].ok);
    CPPUNIT_ASSERT_MESSAGE(results[0].fix, contains(results[0].fix, "does not exist"));
  }

  void testSocketUnreachableByWebUserFails() {
    const auto results = checkSocket(server_, "nobody", socketTree(0, 0660).stat());
    CPPUNIT_ASSERT(results[0].ok);
    CPPUNIT_ASSERT(!results[1].ok);
    CPPUNIT_ASSERT_EQUAL(std::string("socket /run/userimg/userimg.sock reachable by nobody"),
                         results[1].what);
  }

  void testTcpListenHasNoSocketCheck() {
    server_.listen = "127.0.0.1:9000";
    CPPUNIT_ASSERT(checkSocket(server_, "root", tree().stat()).empty());
    server_.listen = "fd:0";
    CPPUNIT_ASSERT(checkSocket(server_, "root", tree().stat()).empty());
  }

 private:
  // /run/userimg/userimg.sock owned by root and group `gid`, with `mode`.
  static FakePaths socketTree(gid_t gid, mode_t mode) {
    FakePaths paths = tree();
    paths.dir("/run", 0, 0, 0755).dir("/run/userimg", 0, 0, 0755);
    paths.socket("/run/userimg/userimg.sock", 0, gid, mode);
    return paths;
  }

  std::unique_ptr<core::ScopedTempDir> dir_;
  config::DatabaseConfig database_;
  config::ServerConfig server_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ChecksTest, "ops");

}  // namespace
}  // namespace userimg::ops
