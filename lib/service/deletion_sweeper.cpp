#include "service/deletion_sweeper.h"

#include <algorithm>

#include "core/failpoint.h"
#include "core/log.h"

namespace userimg::service {

using core::Status;

DeletionSweeper::DeletionSweeper(db::UserRepository& users, storage::BlobStore& store,
                                 SweeperOptions options)
    : users_(users), store_(store), options_(options) {}

std::int64_t DeletionSweeper::retryDelay(int failures) const {
  const std::int64_t first = std::max<std::int64_t>(options_.retrySeconds, 1);
  const std::int64_t cap = std::max(options_.maxRetrySeconds, first);
  std::int64_t delay = first;
  // Doubling stops at the cap, so this never overflows.
  for (int i = 1; i < failures && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

SweepReport DeletionSweeper::sweepOnce(std::int64_t now) {
  SweepReport report;
  for (int batch = 0; batch < options_.maxBatches; ++batch) {
    auto due = users_.duePendingDeletions(now, options_.batchSize);
    if (!due) {
      report.status = due.status();
      core::log::warning("listing pending deletions failed: " + due.status().toString());
      return report;
    }
    for (const db::PendingDeletion& deletion : due.value()) {
      auto claimed =
          users_.claimPendingDeletion(deletion.id, deletion.notBefore, now + options_.leaseSeconds);
      if (!claimed) {
        report.status = claimed.status();
        core::log::warning("claiming the pending deletion of " + deletion.storageKey +
                           " failed: " + claimed.status().toString());
        return report;
      }
      if (!claimed.value()) {
        ++report.skipped;
        continue;
      }
      USERIMG_FAILPOINT("sweeper.claimed");  // the fault tests: a claimed deletion held
      const Status removed = store_.remove(deletion.storageKey);
      Status recorded;
      if (removed.isOk()) {
        recorded = users_.completePendingDeletion(deletion.id);
        if (recorded.isOk()) ++report.removed;
      } else {
        // `attempts` counts the failures before this one.
        const std::int64_t delay = retryDelay(deletion.attempts + 1);
        core::log::warning("removing " + deletion.storageKey + " failed (attempt " +
                           std::to_string(deletion.attempts + 1) + "); retrying in " +
                           std::to_string(delay) + " s: " + removed.toString());
        recorded = users_.deferPendingDeletion(deletion.id, now + delay);
        if (recorded.isOk()) ++report.deferred;
        USERIMG_FAILPOINT("sweeper.deferred");  // the fault tests: the failure is on record
      }
      if (!recorded.isOk()) {
        // The row is still due: stop rather than take it again in the next batch.
        core::log::warning("updating the pending deletion of " + deletion.storageKey +
                           " failed: " + recorded.toString());
        report.status = recorded;
        return report;
      }
    }
    // Every row of this batch is completed or deferred past `now`, so the
    // next query only returns new ones; a short batch was the last.
    if (static_cast<int>(due->size()) < options_.batchSize) break;
  }
  if (report.removed > 0 || report.deferred > 0) {
    core::log::info("pending deletions: " + std::to_string(report.removed) + " removed, " +
                    std::to_string(report.deferred) + " deferred");
  }
  return report;
}

}  // namespace userimg::service
