// SqlUserRepository's pending-deletion queue (db/user_repository.h): the
// stored objects waiting to be removed, their claims, completions and
// deferrals. The rows are queued by the replace and clear transactions
// (db/deletion_rows.h).

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <string>
#include <vector>

#include "db/deletion_rows.h"
#include "db/poco_errors.h"
#include "db/sql_support.h"
#include "db/sql_user_repository.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;
// `now` is also the name of the repository's clock parameters.
namespace Keywords = Poco::Data::Keywords;
using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

constexpr const char* kSelectDuePendingDeletions =
    "SELECT id, storage_key, attempts, not_before FROM pending_deletions"
    " WHERE not_before <= ? ORDER BY not_before, id LIMIT ?";
constexpr const char* kClaimPendingDeletion =
    "UPDATE pending_deletions SET not_before = ? WHERE id = ? AND not_before = ?";
// With an IN list of bound ids between prefix and suffix (placeholders()).
constexpr const char* kClaimPendingDeletionsPrefix =
    "UPDATE pending_deletions SET not_before = ? WHERE id IN ";
constexpr const char* kClaimPendingDeletionsSuffix = " AND not_before = ?";
constexpr const char* kDeletePendingDeletionsPrefix = "DELETE FROM pending_deletions WHERE id IN ";
constexpr const char* kDeferPendingDeletion =
    "UPDATE pending_deletions SET attempts = attempts + 1, not_before = ? WHERE id = ?";

}  // namespace

core::Result<std::vector<PendingDeletion>> SqlUserRepository::duePendingDeletions(std::int64_t now,
                                                                                  int limit) {
  std::vector<PendingDeletion> due;
  if (limit <= 0) return due;
  try {
    Session session = database_.session();
    std::vector<Poco::Int64> ids, notBefores;
    std::vector<std::string> keys;
    std::vector<int> attempts;
    session << kSelectDuePendingDeletions, bind(static_cast<Poco::Int64>(now)), bind(limit),
        into(ids), into(keys), into(attempts), into(notBefores), Keywords::now;
    due.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      due.push_back(PendingDeletion{ids[i], keys[i], attempts[i], notBefores[i]});
    }
    return due;
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "listing pending deletions");
  }
}

core::Result<bool> SqlUserRepository::claimPendingDeletion(std::int64_t id,
                                                           std::int64_t expectedNotBefore,
                                                           std::int64_t leaseUntil) {
  if (leaseUntil == expectedNotBefore) {
    // MySQL counts changed rows: an unchanged one would look taken.
    return core::Status::invalidArgument("a claim must move notBefore");
  }
  // An UPDATE of the queue can be a deadlock victim of a replace inserting
  // into it (InnoDB's gap locks): rolled back, so it is run again.
  return sql_support::retryingDeadlocks<bool>(
      "claiming a pending deletion", [&]() -> core::Result<bool> {
        Session session = database_.session();
        Statement claim(session);
        claim << kClaimPendingDeletion, bind(static_cast<Poco::Int64>(leaseUntil)),
            bind(static_cast<Poco::Int64>(id)), bind(static_cast<Poco::Int64>(expectedNotBefore));
        return claim.execute() == 1;
      });
}

core::Status SqlUserRepository::completePendingDeletion(std::int64_t id) {
  return sql_support::retryingDeadlocks<bool>("completing a pending deletion",
                                              [&]() -> core::Result<bool> {
                                                Session session = database_.session();
                                                deletion_rows::remove(session, id);
                                                return true;
                                              })
      .status();
}

core::Result<std::vector<std::int64_t>> SqlUserRepository::claimPendingDeletions(
    std::span<const std::int64_t> ids, std::int64_t expectedNotBefore, std::int64_t leaseUntil) {
  if (ids.size() <= 1) {
    return UserRepository::claimPendingDeletions(ids, expectedNotBefore, leaseUntil);
  }
  if (leaseUntil == expectedNotBefore) {
    return core::Status::invalidArgument("a claim must move notBefore");
  }
  auto claimed = sql_support::retryingDeadlocks<std::size_t>(
      "claiming pending deletions", [&]() -> core::Result<std::size_t> {
        Session session = database_.session();
        Statement claim(session);
        claim << kClaimPendingDeletionsPrefix + sql_support::placeholders(ids.size()) +
                     kClaimPendingDeletionsSuffix;
        claim, bind(static_cast<Poco::Int64>(leaseUntil));
        for (const std::int64_t id : ids) claim, bind(static_cast<Poco::Int64>(id));
        claim, bind(static_cast<Poco::Int64>(expectedNotBefore));
        return claim.execute();
      });
  if (!claimed) return claimed.status();
  const std::size_t taken = claimed.value();
  if (taken == ids.size()) return std::vector<std::int64_t>(ids.begin(), ids.end());
  // Another remover took some first: which ones this statement took is
  // found by claiming each again from leaseUntil (another remover's lease
  // may end in the same second: then both remove that object, which
  // removal allows).
  return UserRepository::claimPendingDeletions(ids, leaseUntil, leaseUntil + 1);
}

core::Status SqlUserRepository::completePendingDeletions(std::span<const std::int64_t> ids) {
  if (ids.empty()) return core::Status::ok();
  return sql_support::retryingDeadlocks<bool>("completing pending deletions",
                                              [&]() -> core::Result<bool> {
                                                Session session = database_.session();
                                                Statement remove(session);
                                                remove << kDeletePendingDeletionsPrefix +
                                                              sql_support::placeholders(ids.size());
                                                for (const std::int64_t id : ids) {
                                                  remove, bind(static_cast<Poco::Int64>(id));
                                                }
                                                remove.execute();
                                                return true;
                                              })
      .status();
}

core::Status SqlUserRepository::deferPendingDeletion(std::int64_t id, std::int64_t notBefore) {
  return sql_support::retryingDeadlocks<bool>("deferring a pending deletion",
                                              [&]() -> core::Result<bool> {
                                                Session session = database_.session();
                                                session << kDeferPendingDeletion,
                                                    bind(static_cast<Poco::Int64>(notBefore)),
                                                    bind(static_cast<Poco::Int64>(id)),
                                                    Keywords::now;
                                                return true;
                                              })
      .status();
}

}  // namespace userimg::db
