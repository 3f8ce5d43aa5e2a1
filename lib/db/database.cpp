#include "db/database.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <system_error>

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SessionPool.h>

#include "core/log.h"
#include "db/poco_errors.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;

namespace {

// How long a pooled connection may stay idle before the pool closes it.
constexpr int kIdleSeconds = 60;
// How long an SQLite writer waits for another writer before failing busy.
constexpr int kSqliteBusyTimeoutMs = 5000;
// How long a MySQL transaction waits for a row lock before failing (the
// server default is 50 s, far longer than a client waits for an answer).
constexpr int kMysqlLockWaitSeconds = 10;

std::once_flag sqliteRegistered;
std::once_flag mysqlRegistered;
// The unix socket handed to the MySQL client library ("" for none).
std::string mysqlSocket;

// Poco's MySQL connection string is "key=value;...": a value with ';' would
// be cut short.
bool hasSeparator(std::string_view value) {
  return value.find(';') != std::string_view::npos;
}

// The per-connection settings of the header, for pooled and dedicated
// connections alike (they do not carry over between connections).
void setUpConnection(Poco::Data::Session& session, Dialect dialect) {
  if (dialect == Dialect::kSqlite) {
    int busyTimeout = 0;
    session << "PRAGMA busy_timeout = " + std::to_string(kSqliteBusyTimeoutMs), into(busyTimeout),
        now;
    session << "PRAGMA foreign_keys = ON", now;
  } else {
    session << "SET SESSION innodb_lock_wait_timeout = " + std::to_string(kMysqlLockWaitSeconds),
        now;
    // The user's row lock serialises changes to one user's images; the gap
    // locks REPEATABLE READ adds on top made concurrent uploads of different
    // users deadlock (a DELETE of an absent image row locks the gap another
    // user's INSERT needs).
    session << "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", now;
  }
}

}  // namespace

// A SessionPool that sets up each connection it creates. Poco calls
// customizeSession() once per new connection, not on reuse, so its cost is
// paid once per connection.
class Database::Pool final : public Poco::Data::SessionPool {
 public:
  Pool(Dialect dialect, const std::string& connector, const std::string& connectionString,
       int maxSessions)
      : SessionPool(connector, connectionString, 1, maxSessions, kIdleSeconds),
        dialect_(dialect),
        connector_(connector),
        connectionString_(connectionString),
        maxSessions_(maxSessions) {}

  int maxSessions() const { return maxSessions_; }

  Poco::Data::Session openDedicated() {
    Poco::Data::Session session(connector_, connectionString_);
    setUpConnection(session, dialect_);
    return session;
  }

 protected:
  void customizeSession(Poco::Data::Session& session) override {
    setUpConnection(session, dialect_);
  }

 private:
  Dialect dialect_;
  std::string connector_;
  std::string connectionString_;
  int maxSessions_;
};

Database::Database(Dialect dialect, std::string description, std::unique_ptr<Pool> pool)
    : dialect_(dialect), description_(std::move(description)), pool_(std::move(pool)) {}

Database::~Database() = default;

core::Result<std::unique_ptr<Database>> Database::open(const config::DatabaseConfig& config) {
  if (config.poolMax < 1) return core::Status::invalidArgument("database: poolMax must be >= 1");

  if (config.driver == "sqlite") {
    if (config.sqlitePath.empty()) {
      return core::Status::invalidArgument("database: sqlitePath is empty");
    }
    const std::filesystem::path path(config.sqlitePath);
    std::error_code error;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
    if (error) {
      return core::Status::unavailable("cannot create the directory of SQLite database " +
                                       config.sqlitePath + ": " + error.message());
    }
    std::call_once(sqliteRegistered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    try {
      auto pool = std::make_unique<Pool>(Dialect::kSqlite, Poco::Data::SQLite::Connector::KEY,
                                         config.sqlitePath, config.poolMax);
      // WAL is a property of the file: set once, every connection uses it.
      std::string journalMode;
      Poco::Data::Session session = pool->get();
      session << "PRAGMA journal_mode = WAL", into(journalMode), now;
      if (journalMode != "wal") {
        core::log::warning("SQLite database " + config.sqlitePath + " stays in journal mode " +
                           journalMode + ": writers will block readers");
      }
      return std::unique_ptr<Database>(
          new Database(Dialect::kSqlite, "sqlite:" + config.sqlitePath, std::move(pool)));
    } catch (const Poco::Exception& e) {
      return core::Status::unavailable("cannot open SQLite database " + config.sqlitePath + ": " +
                                       e.displayText());
    }
  }

  if (config.driver == "mysql") {
    if (hasSeparator(config.host) || hasSeparator(config.user) || hasSeparator(config.password) ||
        hasSeparator(config.name)) {
      return core::Status::invalidArgument(
          "database: host, user, password and name must not contain ';'");
    }
    std::string description = "mysql://" + config.user + "@";
    std::string host = config.host;
    if (!config.unixSocket.empty()) {
      // Poco 1.11 cannot pass a socket path to mysql_real_connect(); the
      // client library reads MYSQL_UNIX_PORT once, when it is initialised
      // by registerConnector(), and uses it for host "localhost".
      bool registeredHere = false;
      std::call_once(mysqlRegistered, [&] {
        ::setenv("MYSQL_UNIX_PORT", config.unixSocket.c_str(), 1);
        mysqlSocket = config.unixSocket;
        Poco::Data::MySQL::Connector::registerConnector();
        registeredHere = true;
      });
      if (!registeredHere && mysqlSocket != config.unixSocket) {
        return core::Status::invalidArgument(
            "database: only one MySQL unix socket per process is supported (already using " +
            (mysqlSocket.empty() ? std::string("TCP") : mysqlSocket) + ")");
      }
      host = "localhost";
      description += "localhost/" + config.name + " (socket " + config.unixSocket + ")";
    } else {
      std::call_once(mysqlRegistered, [] { Poco::Data::MySQL::Connector::registerConnector(); });
      description += config.host + ":" + std::to_string(config.port) + "/" + config.name;
    }
    const std::string connectionString =
        "host=" + host + ";port=" + std::to_string(config.port) + ";user=" + config.user +
        ";password=" + config.password + ";db=" + config.name +
        ";character-set=utf8mb4;auto-reconnect=true;secure-auth=true";
    try {
      auto pool = std::make_unique<Pool>(Dialect::kMysql, Poco::Data::MySQL::Connector::KEY,
                                         connectionString, config.poolMax);
      pool->get();  // connect once now, so a bad configuration fails at start-up
      return std::unique_ptr<Database>(
          new Database(Dialect::kMysql, std::move(description), std::move(pool)));
    } catch (const Poco::Exception& e) {
      // Poco's text quotes the server's error, never the connection string.
      return core::Status::unavailable("cannot connect to " + description + ": " + e.displayText());
    }
  }

  return core::Status::invalidArgument("database: unknown driver \"" + config.driver +
                                       "\" (expected \"sqlite\" or \"mysql\")");
}

Poco::Data::Session Database::session() {
  return pool_->get();
}

int Database::poolMax() const {
  return pool_->maxSessions();
}

int Database::poolInUse() const {
  return pool_->used();
}

Poco::Data::Session Database::openConnection() {
  return pool_->openDedicated();
}

core::Status Database::ping() {
  try {
    int one = 0;
    Poco::Data::Session session = pool_->get();
    session << "SELECT 1", into(one), now;
    return core::Status::ok();
  } catch (const Poco::Exception& e) {
    core::Status status = statusFromPoco(e, "pinging " + description_);
    if (status.code() == core::StatusCode::kUnavailable) return status;
    return core::Status::unavailable(status.message());
  }
}

}  // namespace userimg::db
