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

core::Result<std::vector<std::optional<UserRecord>>> UserRepository::findUsers(
    std::span<const std::string> ids) {
  std::vector<std::optional<UserRecord>> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    auto user = findUser(id);
    if (!user && user.status().code() != core::StatusCode::kInvalidArgument) return user.status();
    out.push_back(user ? std::move(user.value()) : std::nullopt);
  }
  return out;
}

core::Status UserRepository::completePendingDeletions(std::span<const std::int64_t> ids) {
  for (const std::int64_t id : ids) {
    if (core::Status done = completePendingDeletion(id); !done.isOk()) return done;
  }
  return core::Status::ok();
}

}  // namespace userimg::db
