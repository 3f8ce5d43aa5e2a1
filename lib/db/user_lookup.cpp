#include "db/user_lookup.h"

#include <algorithm>

#include "db/image_rows.h"
#include "db/lookup_connection.h"
#include "db/poco_errors.h"
#include "db/variant_codec.h"

namespace userimg::db {
namespace {

std::optional<UserRecord> userOf(const std::string& userId, std::vector<LookupRow>& rows) {
  if (rows.empty()) return std::nullopt;
  UserRecord user;
  user.id = userId;
  user.email = rows.front().email.value_or(std::string());
  user.username = rows.front().username.value_or(std::string());
  user.createdAt = rows.front().userCreatedAt;
  user.publicKey = rows.front().publicKey.value_or(std::string());
  for (LookupRow& row : rows) {
    if (!row.kind) continue;
    const std::optional<core::ImageKind> kind = core::imageKindFromName(*row.kind);
    if (!kind) continue;  // the schema's CHECK forbids it; ignore rather than fail
    Poco::Nullable<std::string> variants;
    if (row.variants) variants = std::move(*row.variants);
    row.image.variants = decodeVariants(variants);
    row.image.placeholder =
        image_rows::placeholderOf(std::move(row.blurhash), std::move(row.color));
    row.image.squareSource =
        image_rows::squareSourceOf(row.squareX, row.squareY, row.squareWidth, row.squareHeight);
    (*kind == core::ImageKind::kProfile ? user.profile : user.cover) = std::move(row.image);
  }
  return user;
}

}  // namespace

UserLookup::UserLookup(Database& database, int maxIdle)
    : database_(database), maxIdle_(static_cast<std::size_t>(std::max(1, maxIdle))) {}

UserLookup::~UserLookup() = default;

core::Result<std::optional<UserRecord>> UserLookup::find(const std::string& userId) {
  std::string failures;
  // An idle connection first; after a failure, a new one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      std::unique_ptr<LookupConnection> connection = attempt == 0 ? take() : open();
      std::vector<LookupRow> rows = connection->select(userId);
      giveBack(std::move(connection));
      return userOf(userId, rows);
    } catch (const LookupError& e) {
      failures += failures.empty() ? e.what() : std::string("; then ") + e.what();
      // The idle ones were opened before whatever broke this one.
      std::vector<std::unique_ptr<LookupConnection>> stale;
      std::lock_guard lock(mutex_);
      stale.swap(idle_);
    } catch (const Poco::Exception& e) {  // opening a connection
      return core::Status::unavailable(
          statusFromPoco(e, "opening a connection for the user lookup").message());
    }
  }
  return core::Status::unavailable("looking up a user on " + database_.description() + ": " +
                                   failures);
}

std::unique_ptr<LookupConnection> UserLookup::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<LookupConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  return open();
}

void UserLookup::giveBack(std::unique_ptr<LookupConnection> connection) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < maxIdle_) idle_.push_back(std::move(connection));
  // else: closed when `connection` goes out of scope, after the unlock
}

std::unique_ptr<LookupConnection> UserLookup::open() {
  Poco::Data::Session session = database_.openConnection();
  return database_.dialect() == Dialect::kSqlite ? makeSqliteLookup(std::move(session))
                                                 : makeMysqlLookup(std::move(session));
}

}  // namespace userimg::db
