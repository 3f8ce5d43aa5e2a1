#include "db/user_lookup.h"

#include <algorithm>
#include <unordered_map>

#include "db/image_rows.h"
#include "db/lookup_connection.h"
#include "db/poco_errors.h"
#include "db/variant_codec.h"

namespace userimg::db {
namespace {

// Adds `row`'s image (if any) to `user`.
void addImage(UserRecord& user, LookupRow& row) {
  if (!row.kind) return;
  const std::optional<core::ImageKind> kind = core::imageKindFromName(*row.kind);
  if (!kind) return;  // the schema's CHECK forbids it; ignore rather than fail
  Poco::Nullable<std::string> variants;
  if (row.variants) variants = std::move(*row.variants);
  row.image.variants = decodeVariants(variants);
  row.image.placeholder = image_rows::placeholderOf(std::move(row.blurhash), std::move(row.color));
  row.image.squareSource =
      image_rows::squareSourceOf(row.squareX, row.squareY, row.squareWidth, row.squareHeight);
  (*kind == core::ImageKind::kProfile ? user.profile : user.cover) = std::move(row.image);
}

UserRecord userOf(LookupRow& row) {
  UserRecord user;
  user.id = row.userId;
  user.email = row.email.value_or(std::string());
  user.username = row.username.value_or(std::string());
  user.createdAt = row.userCreatedAt;
  user.publicKey = row.publicKey.value_or(std::string());
  addImage(user, row);
  return user;
}

// The one user `rows` hold (all of one user), or nullopt when none.
std::optional<UserRecord> singleUser(std::vector<LookupRow>& rows) {
  if (rows.empty()) return std::nullopt;
  UserRecord user = userOf(rows.front());
  for (std::size_t i = 1; i < rows.size(); ++i) addImage(user, rows[i]);
  return user;
}

}  // namespace

std::string lookupStatement(LookupBy by) {
  std::string text = kSelectUsersWithImages;
  switch (by) {
    case LookupBy::kId:
      return text += " WHERE u.id = ?";
    case LookupBy::kPublicKey:
      return text += " WHERE u.public_key = ?";
    case LookupBy::kIds:
      text += " WHERE u.id IN (?";
      for (std::size_t i = 1; i < kLookupBatch; ++i) text += ",?";
      return text += ")";
  }
  return text;
}

UserLookup::UserLookup(Database& database, int maxIdle)
    : database_(database), maxIdle_(static_cast<std::size_t>(std::max(1, maxIdle))) {}

UserLookup::~UserLookup() = default;

core::Result<std::optional<UserRecord>> UserLookup::find(const std::string& userId) {
  auto rows = select(LookupBy::kId, {userId});
  if (!rows) return rows.status();
  // Exactly this id: MariaDB's utf8mb4_bin pads, so "17 " finds user "17".
  std::erase_if(rows.value(), [&](const LookupRow& row) { return row.userId != userId; });
  return singleUser(rows.value());
}

core::Result<std::optional<UserRecord>> UserLookup::findByPublicKey(const std::string& publicKey) {
  auto rows = select(LookupBy::kPublicKey, {publicKey});
  if (!rows) return rows.status();
  // Exactly this key, as find() takes exactly its id.
  std::erase_if(rows.value(), [&](const LookupRow& row) { return row.publicKey != publicKey; });
  return singleUser(rows.value());
}

core::Result<std::vector<std::optional<UserRecord>>> UserLookup::findMany(
    const std::vector<std::string>& ids) {
  std::vector<std::optional<UserRecord>> out(ids.size());
  std::unordered_map<std::string, std::vector<std::size_t>> positions;  // id -> where asked
  for (std::size_t i = 0; i < ids.size(); ++i) positions[ids[i]].push_back(i);
  std::vector<std::string> batch;
  for (auto it = positions.begin(); it != positions.end();) {
    batch.clear();
    for (; it != positions.end() && batch.size() < kLookupBatch; ++it) batch.push_back(it->first);
    auto rows = select(LookupBy::kIds, batch);
    if (!rows) return rows.status();
    std::unordered_map<std::string, UserRecord> found;
    for (LookupRow& row : rows.value()) {
      auto user = found.find(row.userId);
      if (user == found.end()) {
        found.emplace(row.userId, userOf(row));
      } else {
        addImage(user->second, row);
      }
    }
    for (auto& [id, user] : found) {
      const auto asked = positions.find(id);
      if (asked == positions.end()) continue;  // a collation's match of another spelling
      for (const std::size_t i : asked->second) out[i] = user;
    }
  }
  return out;
}

core::Result<std::vector<LookupRow>> UserLookup::select(LookupBy by,
                                                        const std::vector<std::string>& values) {
  std::string failures;
  // An idle connection first; after a failure, a new one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      std::unique_ptr<LookupConnection> connection = attempt == 0 ? take() : open();
      std::vector<LookupRow> rows = connection->select(by, values);
      giveBack(std::move(connection));
      return rows;
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
