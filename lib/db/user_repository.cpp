#include "db/user_repository.h"

namespace userimg::db {

core::Result<std::vector<std::int64_t>> UserRepository::claimPendingDeletions(
    std::span<const std::int64_t> ids, std::int64_t expectedNotBefore, std::int64_t leaseUntil) {
  std::vector<std::int64_t> taken;
  for (const std::int64_t id : ids) {
    auto claimed = claimPendingDeletion(id, expectedNotBefore, leaseUntil);
    if (!claimed) return claimed.status();
    if (claimed.value()) taken.push_back(id);
  }
  return taken;
}

core::Status UserRepository::completePendingDeletions(std::span<const std::int64_t> ids) {
  for (const std::int64_t id : ids) {
    if (core::Status done = completePendingDeletion(id); !done.isOk()) return done;
  }
  return core::Status::ok();
}

}  // namespace userimg::db
