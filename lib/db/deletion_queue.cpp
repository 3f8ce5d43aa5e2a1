#include "db/deletion_queue.h"

#include <Poco/Data/Session.h>
#include <Poco/Nullable.h>

#include "db/database.h"
#include "db/poco_errors.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;

namespace {
constexpr const char* kQueueStats = "SELECT COUNT(*), MIN(created_at) FROM pending_deletions";
}  // namespace

core::Result<DeletionQueueStats> readDeletionQueueStats(Database& database) {
  try {
    Poco::Data::Session session = database.session();
    Poco::Int64 count = 0;
    Poco::Nullable<Poco::Int64> oldest;
    session << kQueueStats, into(count), into(oldest), now;
    DeletionQueueStats stats;
    stats.pending = static_cast<std::int64_t>(count);
    if (!oldest.isNull()) stats.oldestCreatedAt = static_cast<std::int64_t>(oldest.value());
    return stats;
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "reading the pending-deletion queue");
  }
}

}  // namespace userimg::db
