#pragma once
// DeletionSweeper: finishes the pending deletions that ImageService could
// not (service/image_service.h, step 4 of the replace protocol): objects of
// replaced images whose removal failed and was queued for a retry.
//
//   DeletionSweeper sweeper(users, store, {.retrySeconds = 60});
//   SweepReport report = sweeper.sweepOnce(clock.nowSeconds());
//
// sweepOnce() takes the deletions due at `now`, removes each object
// (BlobStore::remove(); "already gone" is success) and completes the
// deletion, or, when removal fails, defers it with exponential backoff:
// after the n-th failed attempt the next one is due retrySeconds * 2^n
// later, at most maxRetrySeconds. Nothing is ever dropped: a deletion stays
// queued until its object is gone.
//
// Each deletion is claimed before its object is removed
// (UserRepository::claimPendingDeletion), so sweeps running at once, in
// this process or in others sharing the database (mod_fcgid runs several),
// and the request that queued a deletion never work on the same one: each
// takes what the others have not. Thread-safe as far as its collaborators
// are (they are).

#include <cstdint>
#include <string>

#include "core/result.h"
#include "db/user_repository.h"
#include "storage/blob_store.h"

namespace userimg::service {

struct SweeperOptions {
  // Delay after the first failed attempt, in seconds ([deletions] retry_seconds).
  std::int64_t retrySeconds = 60;
  // Longest delay between attempts, in seconds. Default one hour.
  std::int64_t maxRetrySeconds = 3600;
  // Deletions taken from the repository per query.
  int batchSize = 100;
  // Most batches per sweepOnce(), a bound on one sweep's work.
  int maxBatches = 100;
  // How long a deletion this sweep takes stays its own: another remover
  // (a sweeper of another process) may take it after that, should this one
  // die before completing or deferring it. Longer than one removal takes.
  std::int64_t leaseSeconds = 300;
};

// What one sweepOnce() did.
struct SweepReport {
  int removed = 0;   // objects removed and their deletions completed
  int deferred = 0;  // removals that failed and were rescheduled
  int skipped = 0;   // due, but another remover took them first
  // OK, or the first repository failure (listing, completing or deferring),
  // after which the sweep stopped; what it did before still counts.
  core::Status status;
};

class DeletionSweeper {
 public:
  // `users` and `store` are borrowed and must outlive the sweeper.
  DeletionSweeper(db::UserRepository& users, storage::BlobStore& store, SweeperOptions options);

  SweepReport sweepOnce(std::int64_t now);

  // The delay before the next attempt of a deletion that has now failed
  // `failures` times (1 for the first failure): retrySeconds * 2^(failures-1),
  // capped at maxRetrySeconds (and never below retrySeconds).
  std::int64_t retryDelay(int failures) const;

 private:
  db::UserRepository& users_;
  storage::BlobStore& store_;
  SweeperOptions options_;
};

}  // namespace userimg::service
