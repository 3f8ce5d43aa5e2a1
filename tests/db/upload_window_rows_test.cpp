// UserRepositoryTestBase's upload counter behaviours (schema version 5: the
// upload_windows table, issue 12), run on SQLite and MariaDB like the rest
// of the base: SqlUploadCounter counts per user per fixed window, starts
// again in the next window on the same row, and gives concurrent counts
// from many connections distinct values, so a limit admits exactly its
// number of uploads however they race.

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/repository_test_support.h"
#include "db/sql_upload_counter.h"
#include "db/user_repository_test_base.h"

namespace userimg::db {

using namespace testing;

void UserRepositoryTestBase::testUploadCounterCountsPerUserAndWindow() {
  migrateDatabase();
  SqlUploadCounter counter(*database_);
  // kNow is 1'700'000'000 = 28'333'333 * 60 + 20: the window is [kNow - 20, kNow + 40).
  const std::int64_t windowEnd = kNow + 40;
  for (std::int64_t i = 1; i <= 3; ++i) {
    const UploadWindow window = valueOf(counter.countUpload("ada", kNow + i, 60));
    CPPUNIT_ASSERT_EQUAL(i, window.uploads);
    CPPUNIT_ASSERT_EQUAL(windowEnd, window.endsAt);
  }
  // Another user has a count of their own.
  CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, valueOf(counter.countUpload("grace", kNow, 60)).uploads);
  // The last second of the window still counts in it; the next starts again.
  CPPUNIT_ASSERT_EQUAL(std::int64_t{4},
                       valueOf(counter.countUpload("ada", windowEnd - 1, 60)).uploads);
  const UploadWindow next = valueOf(counter.countUpload("ada", windowEnd, 60));
  CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, next.uploads);
  CPPUNIT_ASSERT_EQUAL(windowEnd + 60, next.endsAt);
  // One row per user, reused from window to window.
  CPPUNIT_ASSERT_EQUAL(2LL, scalar("SELECT COUNT(*) FROM upload_windows"));
  CPPUNIT_ASSERT(counter.countUpload("", kNow, 60).status().code() ==
                 core::StatusCode::kInvalidArgument);
}

void UserRepositoryTestBase::testConcurrentUploadCountsAreDistinct() {
  migrateDatabase();
  // Counters of their own, each count on a pooled connection of its own:
  // what several processes on one database do.
  constexpr int kWorkers = 4;
  constexpr int kCountsEach = 15;
  constexpr std::int64_t kLimit = 20;
  std::mutex mutex;
  std::vector<std::int64_t> seen;
  std::vector<core::Status> failures(kWorkers);
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      SqlUploadCounter counter(*database_);
      for (int i = 0; i < kCountsEach; ++i) {
        auto window = counter.countUpload("ada", kNow, 60);
        if (!window) {
          failures[w] = window.status();
          return;
        }
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(window->uploads);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  for (const core::Status& failure : failures) assertOk(failure);
  std::sort(seen.begin(), seen.end());
  std::vector<std::int64_t> expected(kWorkers * kCountsEach);
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<std::int64_t>(i) + 1;
  CPPUNIT_ASSERT_MESSAGE("every count seen once, none lost", seen == expected);
  const auto admitted = std::count_if(seen.begin(), seen.end(), [](auto n) { return n <= kLimit; });
  CPPUNIT_ASSERT_EQUAL(static_cast<long>(kLimit), static_cast<long>(admitted));
  CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kWorkers * kCountsEach),
                       scalar("SELECT uploads FROM upload_windows WHERE user_id = 'ada'"));
}

}  // namespace userimg::db
