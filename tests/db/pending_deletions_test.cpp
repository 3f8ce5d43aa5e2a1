// UserRepositoryTestBase's pending-deletion behaviours (run on SQLite and
// MariaDB like the rest of the base).

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "db/repository_test_support.h"
#include "db/user_repository_test_base.h"

namespace userimg::db {

using core::ImageKind;
using namespace testing;

void UserRepositoryTestBase::testPendingDeletionsDueDeferComplete() {
  migrateDatabase();
  valueOf(users_->ensureUser({"u1", "", ""}, true, kNow));
  for (int i = 0; i < 4; ++i) {
    valueOf(
        users_->replaceImage("u1", ImageKind::kProfile, image("k" + std::to_string(i)), kNow + i));
  }
  // k0 due at kNow+1, k1 at kNow+2, k2 at kNow+3.
  CPPUNIT_ASSERT(valueOf(users_->duePendingDeletions(kNow, 10)).empty());
  CPPUNIT_ASSERT(valueOf(users_->duePendingDeletions(kNow + 3, 0)).empty());
  auto due = valueOf(users_->duePendingDeletions(kNow + 3, 2));
  CPPUNIT_ASSERT_EQUAL(std::size_t(2), due.size());
  CPPUNIT_ASSERT_EQUAL(std::string("k0"), due[0].storageKey);
  CPPUNIT_ASSERT_EQUAL(std::string("k1"), due[1].storageKey);

  assertOk(users_->deferPendingDeletion(due[0].id, kNow + 100));
  assertOk(users_->completePendingDeletion(due[1].id));
  assertOk(users_->completePendingDeletion(due[1].id));  // again: nothing left to do

  due = valueOf(users_->duePendingDeletions(kNow + 3, 10));
  CPPUNIT_ASSERT_EQUAL(std::size_t(1), due.size());
  CPPUNIT_ASSERT_EQUAL(std::string("k2"), due[0].storageKey);

  due = valueOf(users_->duePendingDeletions(kNow + 100, 10));
  CPPUNIT_ASSERT_EQUAL(std::size_t(2), due.size());
  CPPUNIT_ASSERT_EQUAL(std::string("k2"), due[0].storageKey);
  CPPUNIT_ASSERT_EQUAL(std::string("k0"), due[1].storageKey);
  CPPUNIT_ASSERT_EQUAL(1, due[1].attempts);
  CPPUNIT_ASSERT_EQUAL(kNow + 100, due[1].notBefore);
}

void UserRepositoryTestBase::testClaimTakesADeletionOnce() {
  migrateDatabase();
  valueOf(users().ensureUser({"u1", "", ""}, true, kNow));
  valueOf(users().replaceImage("u1", ImageKind::kProfile, image("k0"), kNow));
  const PendingDeletion deletion =
      *valueOf(users().replaceImage("u1", ImageKind::kProfile, image("k1"), kNow + 1)).deletion;

  CPPUNIT_ASSERT_MESSAGE("the first claim takes it",
                         valueOf(users().claimPendingDeletion(deletion.id, kNow + 1, kNow + 300)));
  CPPUNIT_ASSERT_MESSAGE("a second remover that read the same row does not",
                         !valueOf(users().claimPendingDeletion(deletion.id, kNow + 1, kNow + 301)));
  CPPUNIT_ASSERT_MESSAGE("claimed, it is not due before its lease ends",
                         valueOf(users().duePendingDeletions(kNow + 299, 10)).empty());
  const auto due = valueOf(users().duePendingDeletions(kNow + 300, 10));
  CPPUNIT_ASSERT_EQUAL_MESSAGE("due again when the lease ends (its remover died)", std::size_t{1},
                               due.size());
  CPPUNIT_ASSERT_EQUAL(kNow + 300, due[0].notBefore);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("a claim is not an attempt", 0, due[0].attempts);

  assertOk(users().completePendingDeletion(deletion.id));
  CPPUNIT_ASSERT_MESSAGE(
      "a completed deletion cannot be claimed",
      !valueOf(users().claimPendingDeletion(deletion.id, kNow + 300, kNow + 600)));
  CPPUNIT_ASSERT_EQUAL_MESSAGE(
      "a claim must move notBefore", core::StatusCode::kInvalidArgument,
      users().claimPendingDeletion(deletion.id, kNow, kNow).status().code());
}

void UserRepositoryTestBase::testConcurrentClaimsTakeEachDeletionOnce() {
  migrateDatabase();
  valueOf(users().ensureUser({"u1", "", ""}, true, kNow));
  constexpr int kDeletions = 30;
  for (int i = 0; i <= kDeletions; ++i) {
    valueOf(users().replaceImage("u1", ImageKind::kProfile, image("k" + std::to_string(i)), kNow));
  }
  const auto due = valueOf(users().duePendingDeletions(kNow, 1000));
  CPPUNIT_ASSERT_EQUAL(std::size_t{kDeletions}, due.size());

  // Four removers that all read the same due list claim every row of it.
  constexpr int kRemovers = 4;
  std::mutex mutex;
  std::map<std::int64_t, int> takers;
  std::vector<core::Status> failures(kRemovers);
  std::vector<std::thread> removers;
  for (int r = 0; r < kRemovers; ++r) {
    removers.emplace_back([&, r] {
      for (const PendingDeletion& deletion : due) {
        auto claimed = users().claimPendingDeletion(deletion.id, deletion.notBefore, kNow + 300);
        if (!claimed) {
          failures[r] = claimed.status();
          return;
        }
        if (claimed.value()) {
          std::lock_guard<std::mutex> lock(mutex);
          ++takers[deletion.id];
        }
      }
    });
  }
  for (std::thread& remover : removers) remover.join();
  for (const core::Status& failure : failures) assertOk(failure);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("every deletion taken", std::size_t{kDeletions}, takers.size());
  for (const auto& [id, count] : takers) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE("deletion " + std::to_string(id) + " taken by one remover", 1,
                                 count);
  }
}

void UserRepositoryTestBase::testClaimsAndCompletesSeveralDeletionsAtOnce() {
  migrateDatabase();
  valueOf(users().ensureUser({"u1", "", ""}, true, kNow));
  for (int i = 0; i <= 6; ++i) {
    valueOf(users().replaceImage("u1", ImageKind::kProfile, image("k" + std::to_string(i)), kNow));
  }
  const auto due = valueOf(users().duePendingDeletions(kNow, 100));
  CPPUNIT_ASSERT_EQUAL(std::size_t{6}, due.size());
  const std::vector<std::int64_t> first = {due[0].id, due[1].id, due[2].id};
  const std::vector<std::int64_t> second = {due[3].id, due[4].id, due[5].id};

  // None taken before: all three, in one claim.
  CPPUNIT_ASSERT(valueOf(users().claimPendingDeletions(first, kNow, kNow + 300)) == first);
  // Another remover took the middle one of the others first: the rest.
  CPPUNIT_ASSERT(valueOf(users().claimPendingDeletion(second[1], kNow, kNow + 200)));
  const std::vector<std::int64_t> rest = {second[0], second[2]};
  CPPUNIT_ASSERT(valueOf(users().claimPendingDeletions(second, kNow, kNow + 300)) == rest);
  CPPUNIT_ASSERT_MESSAGE("a claimed deletion is not due",
                         valueOf(users().duePendingDeletions(kNow + 199, 100)).empty());
  const auto theirs = valueOf(users().duePendingDeletions(kNow + 200, 100));
  CPPUNIT_ASSERT_EQUAL_MESSAGE("the other remover's lease is its own", std::size_t{1},
                               theirs.size());
  CPPUNIT_ASSERT_EQUAL(second[1], theirs[0].id);

  assertOk(users().completePendingDeletions(first));
  assertOk(users().completePendingDeletions(rest));
  assertOk(users().completePendingDeletions({}));
  const auto left = valueOf(users().duePendingDeletions(kNow + 1000, 100));
  CPPUNIT_ASSERT_EQUAL_MESSAGE("completed ones are gone, the other remover's stays", std::size_t{1},
                               left.size());
  CPPUNIT_ASSERT_EQUAL(second[1], left[0].id);
}

}  // namespace userimg::db
