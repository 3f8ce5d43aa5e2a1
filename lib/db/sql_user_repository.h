#pragma once
// SqlUserRepository: the UserRepository over a Database, the same code and
// SQL on SQLite and MySQL/MariaDB (db/user_repository.h has the contract).
//
//   auto db = Database::open(config.database);       // then checkSchema(*db)
//   SqlUserRepository users(*db.value());
//
// Every statement is a named constant with bound parameters. replaceImages(),
// clearImage(), restoreImage() and replaceVariants() lock the user's row first ("UPDATE users SET
// updated_at"): a row lock on InnoDB, the database write lock on SQLite (where other writers wait
// up to the busy timeout), so concurrent changes to one user's images are serialised and each
// replaced key is queued for deletion once.
//
// The read of findUser() and ensureUser() is one statement kept prepared on
// dedicated connections (db/user_lookup.h): when the user exists and the
// token's identity matches the row, ensureUser() runs nothing else.
//
// Thread-safe; each call takes its own pooled connection. Values longer than
// their columns (ids 191 characters, keys 512, urls 1024, content types 64)
// and empty ids or keys are kInvalidArgument. completePendingDeletion() and
// deferPendingDeletion() of an unknown id succeed and change nothing.

#include "db/database.h"
#include "db/user_lookup.h"
#include "db/user_repository.h"

namespace userimg::db {

class SqlUserRepository final : public UserRepository {
 public:
  // `database` is borrowed and must outlive this repository.
  explicit SqlUserRepository(Database& database)
      : database_(database), lookup_(database, database.poolMax()) {}

  core::Result<std::optional<UserRecord>> findUser(std::string_view userId) override;
  core::Result<std::vector<std::optional<UserRecord>>> findUsers(
      std::span<const std::string> ids) override;
  core::Result<std::optional<UserRecord>> findUserWithPublicKey(
      std::string_view publicKey) override;
  core::Result<UserRecord> ensureUser(const UserIdentity& identity, bool create,
                                      std::int64_t now) override;
  core::Result<std::vector<Replacement>> replaceImages(std::string_view userId,
                                                       std::span<const ImageChange> changes,
                                                       std::int64_t now) override;
  core::Result<std::optional<Replacement>> clearImage(std::string_view userId, core::ImageKind kind,
                                                      std::string_view expectedKey,
                                                      std::int64_t leaseUntil) override;
  core::Result<bool> restoreImage(std::string_view userId, core::ImageKind kind,
                                  const ImageRecord& record,
                                  std::span<const std::int64_t> deletionIds) override;
  core::Result<std::optional<Replacement>> replaceVariants(std::string_view userId,
                                                           const VariantsChange& change,
                                                           std::int64_t now) override;
  core::Result<std::vector<std::string>> usersWithImagesAfter(std::string_view afterId,
                                                              int limit) override;
  core::Result<std::int64_t> countImages(std::optional<core::ImageKind> kind) override;
  core::Result<std::vector<PendingDeletion>> duePendingDeletions(std::int64_t now,
                                                                 int limit) override;
  core::Result<bool> claimPendingDeletion(std::int64_t id, std::int64_t expectedNotBefore,
                                          std::int64_t leaseUntil) override;
  core::Result<std::vector<std::int64_t>> claimPendingDeletions(std::span<const std::int64_t> ids,
                                                                std::int64_t expectedNotBefore,
                                                                std::int64_t leaseUntil) override;
  core::Status completePendingDeletion(std::int64_t id) override;
  core::Status completePendingDeletions(std::span<const std::int64_t> ids) override;
  core::Status deferPendingDeletion(std::int64_t id, std::int64_t notBefore) override;

 private:
  Database& database_;
  UserLookup lookup_;  // findUser() and ensureUser()'s read
};

}  // namespace userimg::db
