#pragma once
// The checks of GET /readyz (health/readiness.h), each a health::Check:
//
//   database        the database answers and its schema is at this
//                   build's version (db::checkSchema)
//   storage         the blob store takes writes (BlobStore::probe: a probe
//                   file in the local media root, Cloudinary's Admin API
//                   ping)
//   deletion_queue  the oldest pending deletion is younger than
//                   `stuckAfterSeconds` (the sweeper keeps up)
//
// The collaborators are borrowed and must outlive the checks. Each check
// is as thread-safe as its collaborator (all of them are).

#include <cstdint>
#include <functional>

#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"
#include "db/deletion_queue.h"
#include "health/readiness.h"
#include "storage/blob_store.h"

namespace userimg::health {

Check databaseCheck(db::Database& database);

Check storageCheck(storage::BlobStore& store);

// `queue` reads the queue (db::readDeletionQueueStats in production).
Check deletionQueueCheck(std::function<core::Result<db::DeletionQueueStats>()> queue,
                         const core::Clock& clock, std::int64_t stuckAfterSeconds);

}  // namespace userimg::health
