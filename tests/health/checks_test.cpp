// The readiness checks over real collaborators: a temp SQLite database
// (migrated, unmigrated, broken), a store whose probe fails, and a
// deletion queue whose oldest entry is older than the limit.

#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <Poco/Data/Session.h>

#include <filesystem>

#include "core/temp_dir.h"
#include "db/database.h"
#include "db/deletion_queue.h"
#include "db/migrator.h"
#include "fakes/faulty_blob_store.h"
#include "fakes/fixed_clock.h"
#include "fakes/memory_blob_store.h"
#include "health/checks.h"

namespace userimg::health {
namespace {

using namespace Poco::Data::Keywords;

class ChecksTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ChecksTest);
  CPPUNIT_TEST(testDatabaseCheckPassesOnAMigratedDatabase);
  CPPUNIT_TEST(testDatabaseCheckFailsOnAnUnmigratedDatabase);
  CPPUNIT_TEST(testDatabaseCheckFailsWhenTheDatabaseDoesNotAnswer);
  CPPUNIT_TEST(testStorageCheckFailsWhenTheProbeFails);
  CPPUNIT_TEST(testDeletionQueueCheckFailsWhenTheOldestIsTooOld);
  CPPUNIT_TEST(testDeletionQueueCheckFailsWhenTheQueueCannotBeRead);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    auto dir = core::ScopedTempDir::create(std::filesystem::temp_directory_path(), "checks-");
    CPPUNIT_ASSERT(dir.ok());
    dir_ = std::make_unique<core::ScopedTempDir>(std::move(dir.value()));
    config_.driver = "sqlite";
    config_.sqlitePath = (dir_->path() / "userimg.db").string();
    config_.poolMax = 1;
    auto database = db::Database::open(config_);
    CPPUNIT_ASSERT(database.ok());
    database_ = std::move(database.value());
  }

  void tearDown() override {
    database_.reset();
    dir_.reset();
  }

  void testDatabaseCheckPassesOnAMigratedDatabase() {
    CPPUNIT_ASSERT(db::migrate(*database_).isOk());
    const core::Status status = databaseCheck(*database_).run();
    CPPUNIT_ASSERT_MESSAGE(status.toString(), status.isOk());
  }

  void testDatabaseCheckFailsOnAnUnmigratedDatabase() {
    const Check check = databaseCheck(*database_);
    CPPUNIT_ASSERT_EQUAL(std::string("database"), check.name);
    const core::Status status = check.run();
    CPPUNIT_ASSERT(!status.isOk());
    CPPUNIT_ASSERT_MESSAGE(status.message(),
                           status.message().find("userimgctl migrate") != std::string::npos);
  }

  void testDatabaseCheckFailsWhenTheDatabaseDoesNotAnswer() {
    CPPUNIT_ASSERT(db::migrate(*database_).isOk());
    CPPUNIT_ASSERT(databaseCheck(*database_).run().isOk());
    // An embedded SQLite cannot go away under its pool; what a server that
    // is down or saturated looks like to the app is no connection to be
    // had: the pool's only connection is taken.
    Poco::Data::Session taken = database_->session();
    const core::Status status = databaseCheck(*database_).run();
    CPPUNIT_ASSERT_MESSAGE(status.toString(), status.code() == core::StatusCode::kUnavailable);
  }

  void testStorageCheckFailsWhenTheProbeFails() {
    fakes::MemoryBlobStore memory;
    fakes::FaultyBlobStore store(memory);
    const Check check = storageCheck(store);
    CPPUNIT_ASSERT_EQUAL(std::string("storage"), check.name);
    CPPUNIT_ASSERT(check.run().isOk());
    store.failProbes(true, core::StatusCode::kUnavailable);
    CPPUNIT_ASSERT(check.run().code() == core::StatusCode::kUnavailable);
    CPPUNIT_ASSERT_EQUAL(2, store.probeCalls());
  }

  void testDeletionQueueCheckFailsWhenTheOldestIsTooOld() {
    CPPUNIT_ASSERT(db::migrate(*database_).isOk());
    fakes::FixedClock clock(1'700'000'000);
    db::Database& database = *database_;
    const Check check = deletionQueueCheck(
        [&database] { return db::readDeletionQueueStats(database); }, clock, 3600);
    CPPUNIT_ASSERT_EQUAL(std::string("deletion_queue"), check.name);
    CPPUNIT_ASSERT(check.run().isOk());  // empty
    queueDeletion("resume/images/ab/old.jpg", 1'700'000'000 - 3600);
    queueDeletion("resume/images/ab/new.jpg", 1'700'000'000 - 10);
    CPPUNIT_ASSERT(check.run().isOk());  // exactly at the limit
    auto stats = db::readDeletionQueueStats(database);
    CPPUNIT_ASSERT(stats.ok());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, stats->pending);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1'700'000'000 - 3600}, stats->oldestCreatedAt.value());
    clock.set(1'700'000'001);
    const core::Status stuck = check.run();
    CPPUNIT_ASSERT(!stuck.isOk());
    CPPUNIT_ASSERT_MESSAGE(
        stuck.message(),
        stuck.message().find("oldest of 2 pending deletions is 3601 s") != std::string::npos);
  }

  void testDeletionQueueCheckFailsWhenTheQueueCannotBeRead() {
    fakes::FixedClock clock;
    const Check check = deletionQueueCheck(
        [] { return core::Result<db::DeletionQueueStats>(core::Status::unavailable("no db")); },
        clock, 60);
    CPPUNIT_ASSERT_EQUAL(std::string("no db"), check.run().message());
  }

 private:
  void queueDeletion(const std::string& key, std::int64_t createdAt) {
    Poco::Data::Session session = database_->session();
    Poco::Int64 created = createdAt;
    std::string storageKey = key;
    session << "INSERT INTO pending_deletions (storage_key, attempts, not_before, created_at) "
               "VALUES (?, 0, ?, ?)",
        use(storageKey), use(created), use(created), now;
  }

  std::unique_ptr<core::ScopedTempDir> dir_;
  config::DatabaseConfig config_;
  std::unique_ptr<db::Database> database_;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ChecksTest, "health");

}  // namespace
}  // namespace userimg::health
