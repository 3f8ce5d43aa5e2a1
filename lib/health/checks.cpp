#include "health/checks.h"

#include "db/migrator.h"

namespace userimg::health {

Check databaseCheck(db::Database& database) {
  return {"database", [&database] { return db::checkSchema(database); }};
}

Check storageCheck(storage::BlobStore& store) {
  return {"storage", [&store] { return store.probe(); }};
}

Check deletionQueueCheck(std::function<core::Result<db::DeletionQueueStats>()> queue,
                         const core::Clock& clock, std::int64_t stuckAfterSeconds) {
  return {"deletion_queue", [queue = std::move(queue), &clock, stuckAfterSeconds] {
            auto stats = queue();
            if (!stats) return stats.status();
            if (!stats->oldestCreatedAt) return core::Status::ok();
            const std::int64_t age = clock.nowSeconds() - *stats->oldestCreatedAt;
            if (age <= stuckAfterSeconds) return core::Status::ok();
            return core::Status::unavailable("the oldest of " + std::to_string(stats->pending) +
                                             " pending deletions is " + std::to_string(age) +
                                             " s old (limit " + std::to_string(stuckAfterSeconds) +
                                             " s): is the storage refusing removals?");
          }};
}

}  // namespace userimg::health
