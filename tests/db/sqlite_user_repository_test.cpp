// The repository behaviours on SQLite: a fresh database FILE per test under a
// new mkdtemp directory (never ":memory:", which would give each pooled
// connection its own empty database). Suite "db".

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <Poco/Data/Session.h>

#include "db/user_repository_test_base.h"

namespace userimg::db {
namespace {

class SqliteUserRepositoryTest : public UserRepositoryTestBase {
  CPPUNIT_TEST_SUB_SUITE(SqliteUserRepositoryTest, UserRepositoryTestBase);
  CPPUNIT_TEST(testOpenCreatesParentDirectoryAndUsesWal);
  CPPUNIT_TEST(testOpenFailsCleanlyWhenPathIsUnusable);
  CPPUNIT_TEST(testPooledConnectionsWaitForTheWriteLock);
  CPPUNIT_TEST(testOpenRejectsUnknownDriver);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOpenCreatesParentDirectoryAndUsesWal() {
    CPPUNIT_ASSERT(std::filesystem::exists(path()));
    Poco::Data::Session session = database().session();
    std::string journalMode;
    int foreignKeys = 0;
    int busyTimeout = 0;
    using namespace Poco::Data::Keywords;
    session << "PRAGMA journal_mode", into(journalMode), now;
    session << "PRAGMA foreign_keys", into(foreignKeys), now;
    session << "PRAGMA busy_timeout", into(busyTimeout), now;
    CPPUNIT_ASSERT_EQUAL(std::string("wal"), journalMode);
    CPPUNIT_ASSERT_EQUAL(1, foreignKeys);
    CPPUNIT_ASSERT_EQUAL(5000, busyTimeout);
    CPPUNIT_ASSERT(database().dialect() == Dialect::kSqlite);
    CPPUNIT_ASSERT_EQUAL("sqlite:" + path(), database().description());
    CPPUNIT_ASSERT(database().ping().isOk());
  }

  void testOpenFailsCleanlyWhenPathIsUnusable() {
    const std::string blocker = directory_ + "/file";
    { std::ofstream(blocker) << "not a directory"; }
    config::DatabaseConfig config;
    config.sqlitePath = blocker + "/sub/userimg.db";
    const auto opened = Database::open(config);
    CPPUNIT_ASSERT(opened.status().code() == core::StatusCode::kUnavailable);
    CPPUNIT_ASSERT_MESSAGE(opened.status().message(),
                           opened.status().message().find(config.sqlitePath) != std::string::npos);
  }

  void testPooledConnectionsWaitForTheWriteLock() {
    // A second connection's write waits for the first one's transaction
    // (busy_timeout) instead of failing with "database is locked".
    migrateDatabase();
    Poco::Data::Session holder = database().session();
    using namespace Poco::Data::Keywords;
    holder.begin();
    holder << "INSERT INTO users (id, created_at, updated_at) VALUES ('held', 1, 1)", now;
    std::thread release([&holder] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      holder.commit();
    });
    SqlUserRepository users(database());
    const auto created = users.ensureUser({"waiter", "", ""}, true, 1);
    release.join();
    CPPUNIT_ASSERT_MESSAGE(created.status().toString(), created.ok());
  }

  void testOpenRejectsUnknownDriver() {
    config::DatabaseConfig config;
    config.driver = "postgres";
    CPPUNIT_ASSERT(Database::open(config).status().code() == core::StatusCode::kInvalidArgument);
  }

 protected:
  std::unique_ptr<Database> openEmptyDatabase() override {
    char pattern[] = "/tmp/userimg-db-test-XXXXXX";
    CPPUNIT_ASSERT(::mkdtemp(pattern) != nullptr);
    directory_ = pattern;
    config::DatabaseConfig config;
    config.sqlitePath = path();
    config.poolMax = 8;
    auto opened = Database::open(config);
    CPPUNIT_ASSERT_MESSAGE(opened.status().toString(), opened.ok());
    return std::move(opened).value();
  }

  void discardDatabase() override {
    std::error_code ignored;
    if (!directory_.empty()) std::filesystem::remove_all(directory_, ignored);
    directory_.clear();
  }

 private:
  std::string path() const { return directory_ + "/sub/userimg.db"; }

  std::string directory_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SqliteUserRepositoryTest, "db");

}  // namespace
}  // namespace userimg::db
