#pragma once
// UserLookup: a user's row and images in one statement that stays prepared,
// the read behind every authenticated GET (and the public images' key
// lookup, and the batch lookup's 100 ids at once).
//
//   UserLookup lookup(database);
//   auto user = lookup.find("42");   // Result<optional<UserRecord>>
//
// Why not Poco::Data here: Poco 1.11 prepares a statement again on every
// execution, even a Statement object kept and re-executed (measured: SQLite's
// parser runs on each call; on MySQL each execution is a PREPARE round trip
// plus an EXECUTE one). So the lookup keeps its own dedicated connections
// (Database::openConnection(), opened and set up by Poco::Data like pooled
// ones), and on each one the statement is prepared once with the database's
// own C API and then only bound and executed. Everything that writes stays on
// Poco::Data and its pool.
//
// Reads see the latest committed data: each execution is its own autocommit
// read (SQLite's read transaction ends when the statement is reset; InnoDB
// takes a fresh snapshot per autocommit SELECT).
//
// A connection that fails (server restarted, connection killed, SQLite
// busy) is closed, and the lookup is tried once more on a new connection:
// kUnavailable only when that fails too. Thread-safe: a call takes an idle
// connection (or opens one) and gives it back; at most `maxIdle` are kept.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "db/user_repository.h"

namespace userimg::db {

class LookupConnection;
struct LookupRow;
enum class LookupBy;

class UserLookup {
 public:
  // `database` is borrowed and must outlive this lookup. Opens no connection
  // until the first find().
  explicit UserLookup(Database& database, int maxIdle);
  ~UserLookup();
  UserLookup(const UserLookup&) = delete;
  UserLookup& operator=(const UserLookup&) = delete;

  // The user `userId` with both images, or nullopt when there is no such
  // user. kUnavailable when the database cannot answer (see above).
  core::Result<std::optional<UserRecord>> find(const std::string& userId);

  // The user whose current public key is `publicKey`, as find().
  core::Result<std::optional<UserRecord>> findByPublicKey(const std::string& publicKey);

  // The users `ids`, in their order (nullopt for each unknown id; an id
  // asked twice is answered twice): one statement per 100 distinct ids.
  core::Result<std::vector<std::optional<UserRecord>>> findMany(
      const std::vector<std::string>& ids);

 private:
  core::Result<std::vector<LookupRow>> select(LookupBy by, const std::vector<std::string>& values);
  std::unique_ptr<LookupConnection> take();
  void giveBack(std::unique_ptr<LookupConnection> connection);
  std::unique_ptr<LookupConnection> open();

  Database& database_;
  const std::size_t maxIdle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<LookupConnection>> idle_;  // guarded by mutex_
};

}  // namespace userimg::db
