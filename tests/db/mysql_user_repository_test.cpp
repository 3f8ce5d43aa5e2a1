// The repository behaviours on MySQL/MariaDB. Suite "db_mysql", run by ctest
// as unit.db_mysql after the `mariadb` fixture has started a private server.
//
// Each test gets a fresh database `userimg_test_<pid>_<n>`, created through a
// connection without a default database and dropped in tearDown. The server
// is found through the environment:
//   USERIMG_TEST_MYSQL_HOST (default 127.0.0.1), USERIMG_TEST_MYSQL_PORT
//   (required: the suite fails when it is unset), USERIMG_TEST_MYSQL_USER
//   (default userimg), USERIMG_TEST_MYSQL_PASSWORD (default userimg-test).

#include <unistd.h>

#include <cstdlib>
#include <vector>

#include <Poco/Data/Session.h>

#include "db/migrator.h"
#include "db/user_repository_test_base.h"

namespace userimg::db {
namespace {

using namespace Poco::Data::Keywords;

std::string environment(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// The server of the environment, with no default database.
config::DatabaseConfig serverConfig() {
  const char* port = std::getenv("USERIMG_TEST_MYSQL_PORT");
  if (port == nullptr || *port == '\0') {
    CPPUNIT_FAIL(
        "USERIMG_TEST_MYSQL_PORT is not set: run this suite through ctest (fixture `mariadb`) "
        "or point it at a MariaDB server");
  }
  config::DatabaseConfig config;
  config.driver = "mysql";
  config.host = environment("USERIMG_TEST_MYSQL_HOST", "127.0.0.1");
  config.port = std::atoi(port);
  config.user = environment("USERIMG_TEST_MYSQL_USER", "userimg");
  config.password = environment("USERIMG_TEST_MYSQL_PASSWORD", "userimg-test");
  config.name = "";
  config.poolMax = 8;
  return config;
}

class MysqlUserRepositoryTest : public UserRepositoryTestBase {
  CPPUNIT_TEST_SUB_SUITE(MysqlUserRepositoryTest, UserRepositoryTestBase);
  CPPUNIT_TEST(testOpenFailsCleanlyWhenServerIsDown);
  CPPUNIT_TEST(testStoresFourByteCharacters);
  CPPUNIT_TEST(testReadsSurviveKilledConnections);
  CPPUNIT_TEST(testMigrationInterruptedAfterItsDdlIsAppliedAgain);
  CPPUNIT_TEST(testWritesAfterATransactionAreCommitted);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOpenFailsCleanlyWhenServerIsDown() {
    config::DatabaseConfig config = serverConfig();
    config.port = 1;  // nothing listens there
    config.password = "secret-never-shown";
    const auto opened = Database::open(config);
    CPPUNIT_ASSERT(opened.status().code() == core::StatusCode::kUnavailable);
    const std::string message = opened.status().message();
    CPPUNIT_ASSERT_MESSAGE(message, message.find(config.host + ":1") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(message, message.find("secret-never-shown") == std::string::npos);
  }

  void testStoresFourByteCharacters() {
    migrateDatabase();
    SqlUserRepository users(database());
    const std::string name = "\xF0\x9F\x98\x80 smile";
    CPPUNIT_ASSERT(users.ensureUser({"u1", "", name}, true, 1).ok());
    const auto found = users.findUser("u1");
    CPPUNIT_ASSERT(found.ok() && found.value().has_value());
    CPPUNIT_ASSERT_EQUAL(name, found.value()->username);
    // Ids compare byte-for-byte (utf8mb4_bin): "U1" is another user.
    CPPUNIT_ASSERT(!users.findUser("U1").value().has_value());
  }

  // What a server restart or wait_timeout does to idle connections: the
  // lookup's prepared statement dies with its connection, and the next read
  // must open a new one instead of failing.
  void testReadsSurviveKilledConnections() {
    migrateDatabase();
    CPPUNIT_ASSERT(users().ensureUser({"u1", "", ""}, true, 1).ok());
    CPPUNIT_ASSERT(users().findUser("u1").value().has_value());
    {
      Poco::Data::Session session = server_->session();
      std::vector<Poco::Int64> ids;
      session << "SELECT CAST(ID AS SIGNED) FROM information_schema.PROCESSLIST"
                 " WHERE DB = ? AND ID <> CONNECTION_ID()",
          bind(name_), into(ids), now;
      CPPUNIT_ASSERT(!ids.empty());
      for (const Poco::Int64 id : ids) session << "KILL CONNECTION " + std::to_string(id), now;
    }
    const auto found = users().findUser("u1");
    CPPUNIT_ASSERT_MESSAGE(found.status().toString(), found.ok() && found.value().has_value());
    const auto ensured = users().ensureUser({"u1", "", ""}, false, 1);
    CPPUNIT_ASSERT_MESSAGE(ensured.status().toString(), ensured.ok());
  }

  // A transaction must end with its scope, committed or rolled back, and
  // leave the connection in autocommit (transaction_scope.h: Poco's MySQL
  // begin() would not). With a pool of one connection, every write that
  // follows a transaction on it runs on that connection: each must be
  // committed at once, seen by another connection, not held in an implicit
  // or still open transaction.
  void testWritesAfterATransactionAreCommitted() {
    migrateDatabase();
    config::DatabaseConfig config = serverConfig();
    config.name = name_;
    config.poolMax = 1;
    auto opened = Database::open(config);
    CPPUNIT_ASSERT_MESSAGE(opened.status().toString(), opened.ok());
    std::unique_ptr<Database> single = std::move(opened).value();
    SqlUserRepository one(*single);

    CPPUNIT_ASSERT(one.ensureUser({"u1", "", ""}, true, 1).ok());
    const std::vector<ImageChange> change{{core::ImageKind::kProfile, image("k1")}};
    const auto replaced = one.replaceImages("u1", change, 2);
    CPPUNIT_ASSERT_MESSAGE(replaced.status().toString(), replaced.ok());
    CPPUNIT_ASSERT(one.ensureUser({"u2", "", ""}, true, 3).ok());
    CPPUNIT_ASSERT_MESSAGE("a user created after a replace is not committed",
                           users().findUser("u2").value().has_value());

    const auto cleared = one.clearImage("u1", core::ImageKind::kProfile, "k1", 4);
    CPPUNIT_ASSERT_MESSAGE(cleared.status().toString(), cleared.ok() && cleared.value());
    CPPUNIT_ASSERT(one.ensureUser({"u3", "", ""}, true, 5).ok());
    CPPUNIT_ASSERT_MESSAGE("a user created after a delete is not committed",
                           users().findUser("u3").value().has_value());

    // A transaction that ends without a commit (the user is unknown) is
    // rolled back, not left open around the writes that follow it.
    const auto unknown = one.replaceImages("nobody", change, 5);
    CPPUNIT_ASSERT(unknown.status().code() == core::StatusCode::kNotFound);
    CPPUNIT_ASSERT(one.ensureUser({"u5", "", ""}, true, 5).ok());
    CPPUNIT_ASSERT_MESSAGE("a user created after a rolled-back replace is not committed",
                           users().findUser("u5").value().has_value());

    // And that connection sees what the others commit in the meantime.
    CPPUNIT_ASSERT(users().ensureUser({"u4", "", ""}, true, 6).ok());
    const auto renamed = one.ensureUser({"u4", "", "renamed"}, false, 7);
    CPPUNIT_ASSERT_MESSAGE(renamed.status().toString(), renamed.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("renamed"), users().findUser("u4").value()->username);
  }

  // MySQL DDL commits on its own: a migrate() stopped after 002's (or
  // 003's) ALTER TABLE and before recording its version leaves the columns
  // without the record. The next migrate() must finish it, not fail on the
  // columns.
  void testMigrationInterruptedAfterItsDdlIsAppliedAgain() {
    migrateDatabase();
    {
      Poco::Data::Session session = database().session();
      session << "DELETE FROM schema_migrations WHERE version >= 2", now;
    }
    CPPUNIT_ASSERT_EQUAL(1, schemaVersion(database()).value());
    const core::Status again = migrate(database());
    CPPUNIT_ASSERT_MESSAGE(again.toString(), again.isOk());
    CPPUNIT_ASSERT_EQUAL(latestSchemaVersion(), schemaVersion(database()).value());
    CPPUNIT_ASSERT(checkSchema(database()).isOk());
  }

 protected:
  std::unique_ptr<Database> openEmptyDatabase() override {
    static int counter = 0;
    config::DatabaseConfig config = serverConfig();
    auto server = Database::open(config);
    CPPUNIT_ASSERT_MESSAGE(server.status().toString(), server.ok());
    server_ = std::move(server).value();

    name_ = "userimg_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    {
      Poco::Data::Session session = server_->session();
      session << "DROP DATABASE IF EXISTS `" + name_ + "`", now;
      session << "CREATE DATABASE `" + name_ + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", now;
    }
    config.name = name_;
    auto opened = Database::open(config);
    CPPUNIT_ASSERT_MESSAGE(opened.status().toString(), opened.ok());
    return std::move(opened).value();
  }

  void discardDatabase() override {
    if (server_ && !name_.empty()) {
      try {
        Poco::Data::Session session = server_->session();
        session << "DROP DATABASE IF EXISTS `" + name_ + "`", now;
      } catch (const Poco::Exception&) {
        // A leftover test database is harmless; the next run drops it.
      }
    }
    server_.reset();
    name_.clear();
  }

 private:
  std::unique_ptr<Database> server_;  // connection without a default database
  std::string name_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MysqlUserRepositoryTest, "db_mysql");

}  // namespace
}  // namespace userimg::db
