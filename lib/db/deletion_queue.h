#pragma once
// The pending-deletion queue at a glance, for readiness (a stuck queue)
// and the metrics (its length and the age of its oldest entry): one
// aggregate query over pending_deletions, cheap at any size (COUNT and
// MIN over a small table). Thread-safe as Database is.

#include <cstdint>
#include <optional>

#include "core/result.h"

namespace userimg::db {

class Database;

struct DeletionQueueStats {
  std::int64_t pending = 0;
  // created_at of the oldest pending deletion (seconds since the epoch);
  // none when the queue is empty.
  std::optional<std::int64_t> oldestCreatedAt;
};

// Fails with kUnavailable when the database cannot answer.
core::Result<DeletionQueueStats> readDeletionQueueStats(Database& database);

}  // namespace userimg::db
