#pragma once
// Database: the pool of connections to the service's database, SQLite (the
// embedded default) or MySQL/MariaDB, chosen by config::DatabaseConfig::driver.
//
//   auto db = Database::open(config.database);
//   if (!db) return db.status();          // kUnavailable, names host/port or path
//   SqlUserRepository users(*db.value());
//
// Every pooled connection is set up the same way when the pool creates it:
//   SQLite: PRAGMA busy_timeout = 5000 (a writer waits up to 5 s for another
//           writer instead of failing at once), PRAGMA foreign_keys = ON.
//           journal_mode = WAL is set once at open (it is stored in the file)
//           so readers never block the writer.
//   MySQL:  character set utf8mb4, auto-reconnect (never inside a
//           transaction), innodb_lock_wait_timeout = 10 s, isolation level
//           READ COMMITTED (no gap locks; repositories lock rows they change).
//
// Thread-safe: any number of threads may call session() concurrently. Only
// code in lib/db/ sees Poco::Data; everything else goes through repositories.

#include <memory>
#include <string>

#include <Poco/Data/Session.h>

#include "config/config.h"
#include "core/result.h"

namespace userimg::db {

enum class Dialect { kSqlite, kMysql };

class Database {
 public:
  // Registers the Poco connectors (once per process), builds the pool and
  // opens one connection to prove the database is reachable.
  //   SQLite: creates the parent directory of sqlitePath; kInvalidArgument
  //           when sqlitePath is empty.
  //   MySQL:  connects to unixSocket when set (see below), else host:port.
  // Fails with kUnavailable naming the path or user@host:port/name (never the
  // password) when the database cannot be opened, kInvalidArgument for an
  // unknown driver.
  //
  // Unix sockets: Poco 1.11's MySQL connector cannot pass a socket path, so
  // the path is handed to the client library through MYSQL_UNIX_PORT, which
  // it reads once per process: one socket path per process.
  static core::Result<std::unique_ptr<Database>> open(const config::DatabaseConfig& config);

  // Every Session taken from session() must be destroyed before the Database.
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A connection from the pool (a new one when none is idle, up to poolMax);
  // it returns to the pool when the Session is destroyed. Throws
  // Poco::Exception (Poco::Data::SessionPoolExhaustedException when poolMax
  // sessions are in use, a connection error when the server is down): for
  // db/ code only, which translates it with statusFromPoco().
  Poco::Data::Session session();

  // A new connection outside the pool, set up as pooled ones are, for a
  // caller that keeps state on it (prepared statements: db/user_lookup.h).
  // It closes when the last copy of the Session is destroyed, which must be
  // before the Database. Throws Poco::Exception as session() does.
  Poco::Data::Session openConnection();

  Dialect dialect() const { return dialect_; }

  // config::DatabaseConfig::poolMax: how many connections the pool opens.
  int poolMax() const;

  // Pooled connections in use now (taken by session() and not yet back).
  int poolInUse() const;

  // "sqlite:/path/to/userimg.db" or "mysql://user@host:port/name", for
  // messages and logs (no password).
  const std::string& description() const { return description_; }

  // Runs a trivial query on a pooled connection: OK, or kUnavailable.
  core::Status ping();

 private:
  class Pool;

  Database(Dialect dialect, std::string description, std::unique_ptr<Pool> pool);

  Dialect dialect_;
  std::string description_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace userimg::db
