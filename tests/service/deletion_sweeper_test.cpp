#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "fakes/fake_user_repository.h"
#include "fakes/faulty_blob_store.h"
#include "fakes/fixed_clock.h"
#include "fakes/memory_blob_store.h"
#include "service/deletion_sweeper.h"
#include "service/sweeper_thread.h"

namespace userimg::service {
namespace {

namespace fs = std::filesystem;
using core::ImageKind;

class DeletionSweeperTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(DeletionSweeperTest);
  CPPUNIT_TEST(testRemovesDueObjectAndCompletesDeletion);
  CPPUNIT_TEST(testLeavesDeletionsNotYetDue);
  CPPUNIT_TEST(testObjectAlreadyGoneCompletesDeletion);
  CPPUNIT_TEST(testFailedRemovalIsDeferredByRetrySeconds);
  CPPUNIT_TEST(testDeferredDeletionIsRetriedOnceDue);
  CPPUNIT_TEST(testRepeatedFailuresBackOffExponentially);
  CPPUNIT_TEST(testBackoffIsCappedAndNeverBelowRetrySeconds);
  CPPUNIT_TEST(testOneFailureDoesNotBlockOthers);
  CPPUNIT_TEST(testSweepsMoreThanOneBatch);
  CPPUNIT_TEST(testThreadSweepsAtStartAndStopsPromptly);
  CPPUNIT_TEST(testThreadSweepsAgainEveryInterval);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    std::string pattern = (fs::temp_directory_path() / "userimg-sweeper-XXXXXX").string();
    CPPUNIT_ASSERT_MESSAGE("mkdtemp failed", ::mkdtemp(pattern.data()) != nullptr);
    base_ = pattern;
    source_ = base_ / "object.png";
    std::ofstream(source_, std::ios::binary) << "object bytes";
    users_ = std::make_unique<fakes::FakeUserRepository>();
    memory_ = std::make_unique<fakes::MemoryBlobStore>();
    store_ = std::make_unique<fakes::FaultyBlobStore>(*memory_);
    CPPUNIT_ASSERT(users_->ensureUser({"alice", "", ""}, true, kNow).ok());
  }

  void tearDown() override {
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }

  void testRemovesDueObjectAndCompletesDeletion() {
    const std::string old = replaceOnce();
    DeletionSweeper sweeper(*users_, *store_, {});
    const SweepReport report = sweeper.sweepOnce(kNow);
    CPPUNIT_ASSERT_MESSAGE(report.status.toString(), report.status.isOk());
    CPPUNIT_ASSERT_EQUAL(1, report.removed);
    CPPUNIT_ASSERT_EQUAL(0, report.deferred);
    CPPUNIT_ASSERT_MESSAGE("the replaced object must be gone", !memory_->contains(old));
    CPPUNIT_ASSERT_MESSAGE("its deletion must be completed", users_->pendingDeletions().empty());
    CPPUNIT_ASSERT_MESSAGE("the current image must stay", memory_->contains(current()));
  }

  void testLeavesDeletionsNotYetDue() {
    const std::string old = replaceOnce();
    DeletionSweeper sweeper(*users_, *store_, {});
    const SweepReport report = sweeper.sweepOnce(kNow - 1);
    CPPUNIT_ASSERT_EQUAL(0, report.removed);
    CPPUNIT_ASSERT_EQUAL(0, store_->removeCalls());
    CPPUNIT_ASSERT(memory_->contains(old));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, users_->pendingDeletions().size());
  }

  void testObjectAlreadyGoneCompletesDeletion() {
    const std::string old = replaceOnce();
    CPPUNIT_ASSERT(memory_->remove(old).isOk());
    DeletionSweeper sweeper(*users_, *store_, {});
    CPPUNIT_ASSERT_EQUAL(1, sweeper.sweepOnce(kNow).removed);
    CPPUNIT_ASSERT(users_->pendingDeletions().empty());
  }

  void testFailedRemovalIsDeferredByRetrySeconds() {
    const std::string old = replaceOnce();
    store_->failNextRemoves(1, core::StatusCode::kUnavailable);
    DeletionSweeper sweeper(*users_, *store_, {.retrySeconds = 60});
    const SweepReport report = sweeper.sweepOnce(kNow);
    CPPUNIT_ASSERT_MESSAGE(report.status.toString(), report.status.isOk());
    CPPUNIT_ASSERT_EQUAL(0, report.removed);
    CPPUNIT_ASSERT_EQUAL(1, report.deferred);
    CPPUNIT_ASSERT_MESSAGE("the object must still exist", memory_->contains(old));
    const auto pending = users_->pendingDeletions();
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, pending.size());
    CPPUNIT_ASSERT_EQUAL(old, pending[0].storageKey);
    CPPUNIT_ASSERT_EQUAL(1, pending[0].attempts);
    CPPUNIT_ASSERT_EQUAL(kNow + 60, pending[0].notBefore);
  }

  void testDeferredDeletionIsRetriedOnceDue() {
    const std::string old = replaceOnce();
    store_->failNextRemoves(1);
    DeletionSweeper sweeper(*users_, *store_, {.retrySeconds = 60});
    sweeper.sweepOnce(kNow);
    const int callsAfterFailure = store_->removeCalls();
    CPPUNIT_ASSERT_EQUAL_MESSAGE("not due again before 60 s", 0,
                                 sweeper.sweepOnce(kNow + 59).removed);
    CPPUNIT_ASSERT_EQUAL(callsAfterFailure, store_->removeCalls());
    CPPUNIT_ASSERT_EQUAL(1, sweeper.sweepOnce(kNow + 60).removed);
    CPPUNIT_ASSERT(!memory_->contains(old));
    CPPUNIT_ASSERT(users_->pendingDeletions().empty());
  }

  void testRepeatedFailuresBackOffExponentially() {
    replaceOnce();
    store_->failNextRemoves(3);
    DeletionSweeper sweeper(*users_, *store_, {.retrySeconds = 10, .maxRetrySeconds = 3600});
    std::int64_t now = kNow;
    for (const std::int64_t expected : {10, 20, 40}) {
      CPPUNIT_ASSERT_EQUAL(1, sweeper.sweepOnce(now).deferred);
      const auto pending = users_->pendingDeletions();
      CPPUNIT_ASSERT_EQUAL_MESSAGE("delay after a failure", now + expected, pending[0].notBefore);
      now = pending[0].notBefore;
    }
    CPPUNIT_ASSERT_EQUAL(1, sweeper.sweepOnce(now).removed);
    CPPUNIT_ASSERT(users_->pendingDeletions().empty());
  }

  void testBackoffIsCappedAndNeverBelowRetrySeconds() {
    DeletionSweeper sweeper(*users_, *store_, {.retrySeconds = 60, .maxRetrySeconds = 3600});
    CPPUNIT_ASSERT_EQUAL(std::int64_t{60}, sweeper.retryDelay(0));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{60}, sweeper.retryDelay(1));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{120}, sweeper.retryDelay(2));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1920}, sweeper.retryDelay(6));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3600}, sweeper.retryDelay(7));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3600}, sweeper.retryDelay(1000));
    DeletionSweeper slow(*users_, *store_, {.retrySeconds = 7200, .maxRetrySeconds = 3600});
    CPPUNIT_ASSERT_EQUAL_MESSAGE("a cap below the first delay yields the first delay",
                                 std::int64_t{7200}, slow.retryDelay(3));
  }

  void testOneFailureDoesNotBlockOthers() {
    const std::string first = replaceOnce();
    const std::string second = replaceOnce();
    store_->failNextRemoves(1);  // the oldest deletion's removal fails
    DeletionSweeper sweeper(*users_, *store_, {});
    const SweepReport report = sweeper.sweepOnce(kNow);
    CPPUNIT_ASSERT_EQUAL(1, report.removed);
    CPPUNIT_ASSERT_EQUAL(1, report.deferred);
    CPPUNIT_ASSERT_MESSAGE("the failed one stays", memory_->contains(first));
    CPPUNIT_ASSERT_MESSAGE("the other one is removed", !memory_->contains(second));
  }

  void testSweepsMoreThanOneBatch() {
    std::vector<std::string> old;
    for (int i = 0; i < 5; ++i) old.push_back(replaceOnce());
    DeletionSweeper sweeper(*users_, *store_, {.batchSize = 2});
    const SweepReport report = sweeper.sweepOnce(kNow);
    CPPUNIT_ASSERT_EQUAL(5, report.removed);
    for (const std::string& key : old) CPPUNIT_ASSERT(!memory_->contains(key));
    CPPUNIT_ASSERT(users_->pendingDeletions().empty());
  }

  void testThreadSweepsAtStartAndStopsPromptly() {
    const std::string old = replaceOnce();
    fakes::FixedClock clock(kNow);
    DeletionSweeper sweeper(*users_, *store_, {});
    SweeperThread thread(sweeper, clock, std::chrono::hours(1));
    CPPUNIT_ASSERT_MESSAGE("the first sweep runs at start",
                           waitFor([&] { return thread.sweeps() >= 1; }));
    CPPUNIT_ASSERT(!memory_->contains(old));
    const auto before = std::chrono::steady_clock::now();
    thread.stop();
    const auto took = std::chrono::steady_clock::now() - before;
    CPPUNIT_ASSERT_MESSAGE("stop() must not wait for the interval", took < std::chrono::seconds(2));
    thread.stop();  // idempotent
    CPPUNIT_ASSERT_EQUAL(1, thread.sweeps());
  }

  void testThreadSweepsAgainEveryInterval() {
    fakes::FixedClock clock(kNow);
    DeletionSweeper sweeper(*users_, *store_, {});
    SweeperThread thread(sweeper, clock, std::chrono::milliseconds(20));
    CPPUNIT_ASSERT(waitFor([&] { return thread.sweeps() >= 1; }));
    const std::string old = replaceOnce();  // queued after the first sweep
    CPPUNIT_ASSERT_MESSAGE("a later sweep removes it",
                           waitFor([&] { return !memory_->contains(old); }));
    CPPUNIT_ASSERT(waitFor([&] { return users_->pendingDeletions().empty(); }));
  }

 private:
  static constexpr std::int64_t kNow = 1'700'000'000;

  // Points alice's profile at a new stored object; returns the key of the
  // object it replaced (queued as a pending deletion due at kNow).
  std::string replaceOnce() {
    if (!users_->user("alice")->profile) pointAtNewObject();
    const std::string previous = current();
    db::ImageRecord record;
    record.storageKey = putObject();
    record.url = memory_->url(record.storageKey);
    record.contentType = "image/png";
    auto replaced = users_->replaceImage("alice", ImageKind::kProfile, record, kNow);
    CPPUNIT_ASSERT_MESSAGE(replaced.status().toString(), replaced.ok());
    return previous;
  }

  void pointAtNewObject() {
    db::ImageRecord record;
    record.storageKey = putObject();
    record.url = memory_->url(record.storageKey);
    record.contentType = "image/png";
    CPPUNIT_ASSERT(users_->replaceImage("alice", ImageKind::kProfile, record, kNow).ok());
  }

  std::string current() const { return users_->user("alice")->profile->storageKey; }

  std::string putObject() {
    storage::PutRequest put;
    put.kind = ImageKind::kProfile;
    put.source = source_;
    put.extension = "png";
    put.contentType = "image/png";
    auto stored = memory_->put(put);
    CPPUNIT_ASSERT_MESSAGE(stored.status().toString(), stored.ok());
    return stored->key;
  }

  template <typename Condition>
  static bool waitFor(Condition condition) {
    for (int i = 0; i < 200; ++i) {
      if (condition()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
  }

  fs::path base_;
  fs::path source_;
  std::unique_ptr<fakes::FakeUserRepository> users_;
  std::unique_ptr<fakes::MemoryBlobStore> memory_;
  std::unique_ptr<fakes::FaultyBlobStore> store_;
};

}  // namespace

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(DeletionSweeperTest, "deletion_sweeper");

}  // namespace userimg::service
