#include "db/deletion_rows.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/Statement.h>

#include <map>

#include "db/sql_support.h"

namespace userimg::db::deletion_rows {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

constexpr const char* kInsertOne =
    "INSERT INTO pending_deletions (storage_key, attempts, not_before, created_at)"
    " VALUES (?, 0, ?, ?)";
constexpr const char* kInsertPrefix =
    "INSERT INTO pending_deletions (storage_key, attempts, not_before, created_at) VALUES ";
constexpr const char* kDelete = "DELETE FROM pending_deletions WHERE id = ?";
constexpr const char* kSqliteLastInsertId = "SELECT last_insert_rowid()";
// With an IN list of the keys: the rows the INSERT just made. The insert id
// (what LAST_INSERT_ID() would say) is the first id of a multi-row INSERT; the rest are at or after
// it, but need not be consecutive (innodb_autoinc_lock_mode = 2, auto_increment_increment > 1 on a
// Galera cluster), hence the query. Only this transaction queues these keys now: it holds their
// user's row lock.
constexpr const char* kSelectMadePrefix =
    "SELECT id, storage_key FROM pending_deletions WHERE id >= ? AND storage_key IN ";

// MySQL: the first id the last INSERT on `session` made. The client library
// has it from the INSERT's own answer (mysql_insert_id), so it costs no
// round trip, where SELECT LAST_INSERT_ID() costs two (prepare, execute).
Poco::Int64 mysqlInsertId(Poco::Data::Session& session) {
  const auto id = Poco::AnyCast<Poco::UInt64>(session.getProperty("insertId"));
  if (id == 0) throw Poco::Data::DataException("a queued deletion's INSERT reported no id");
  return static_cast<Poco::Int64>(id);
}

}  // namespace

std::vector<PendingDeletion> queue(Poco::Data::Session& session, Dialect dialect,
                                   std::span<const std::string> keys, std::int64_t notBefore) {
  const Poco::Int64 time = notBefore;
  std::vector<PendingDeletion> queued;
  queued.reserve(keys.size());
  if (dialect == Dialect::kSqlite || keys.size() == 1) {
    for (const std::string& key : keys) {
      session << kInsertOne, bind(key), bind(time), bind(time), now;
      Poco::Int64 id = 0;
      if (dialect == Dialect::kSqlite) {
        session << kSqliteLastInsertId, into(id), now;
      } else {
        id = mysqlInsertId(session);
      }
      queued.push_back(PendingDeletion{id, key, 0, notBefore});
    }
    return queued;
  }
  if (keys.empty()) return queued;

  Poco::Data::Statement insert(session);
  std::string statement = kInsertPrefix;
  statement += sql_support::repeated(keys.size(), "(?, 0, ?, ?)");
  insert << statement;
  for (const std::string& key : keys) insert, bind(key), bind(time), bind(time);
  insert.execute();
  const Poco::Int64 first = mysqlInsertId(session);

  std::vector<Poco::Int64> ids;
  std::vector<std::string> madeKeys;
  Poco::Data::Statement select(session);
  std::string query = kSelectMadePrefix;
  query += sql_support::placeholders(keys.size());
  select << query, bind(first);
  for (const std::string& key : keys) select, bind(key);
  select, into(ids), into(madeKeys);
  select.execute();
  std::map<std::string, Poco::Int64> idOf;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto [at, fresh] = idOf.emplace(madeKeys[i], ids[i]);
    if (!fresh && ids[i] < at->second) at->second = ids[i];
  }
  for (const std::string& key : keys) {
    const auto found = idOf.find(key);
    if (found == idOf.end()) {
      throw Poco::Data::DataException(
          "a queued deletion is not in pending_deletions after its insert");
    }
    queued.push_back(PendingDeletion{found->second, key, 0, notBefore});
  }
  return queued;
}

void remove(Poco::Data::Session& session, std::int64_t id) {
  session << kDelete, bind(static_cast<Poco::Int64>(id)), now;
}

}  // namespace userimg::db::deletion_rows
