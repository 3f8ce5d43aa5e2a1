#pragma once
// Internal to lib/db/: queueing stored objects for deletion (pending_deletions
// rows) inside the caller's transaction, as a replace or a clear does for
// the objects of the image it takes away. Throws Poco::Exception.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "db/database.h"
#include "db/user_repository.h"

namespace userimg::db::deletion_rows {

// Queues each of `keys` (distinct), due at `notBefore`, and returns their
// rows in the order of `keys`. On MySQL several keys take two statements
// whatever their number (one multi-row INSERT, then the ids it made, found
// from its insert id on), and one key one statement; SQLite, in process,
// queues them one by one.
std::vector<PendingDeletion> queue(Poco::Data::Session& session, Dialect dialect,
                                   std::span<const std::string> keys, std::int64_t notBefore);

// Removes the queued deletion `id`, if it is there.
void remove(Poco::Data::Session& session, std::int64_t id);

}  // namespace userimg::db::deletion_rows
