#include "db/poco_errors.h"

#include <array>
#include <charconv>
#include <string>

#include <Poco/Data/DataException.h>
#include <Poco/Data/MySQL/MySQLException.h>
#include <Poco/Data/SQLite/SQLiteException.h>

#include "metrics/events.h"

namespace userimg::db {
namespace {

// MySQL/MariaDB error numbers after which retrying later can succeed.
constexpr std::array kTransientMysqlErrors = {
    1040,  // ER_CON_COUNT_ERROR: too many connections
    1053,  // ER_SERVER_SHUTDOWN
    1205,  // ER_LOCK_WAIT_TIMEOUT
    1213,  // ER_LOCK_DEADLOCK
    1927,  // ER_CONNECTION_KILLED (MariaDB)
    2002,  // CR_CONNECTION_ERROR (socket)
    2003,  // CR_CONN_HOST_ERROR
    2005,  // CR_UNKNOWN_HOST
    2006,  // CR_SERVER_GONE_ERROR
    2013,  // CR_SERVER_LOST
    2055,  // CR_SERVER_LOST_EXTENDED
};
constexpr int kMysqlDuplicateKey = 1062;     // ER_DUP_ENTRY
constexpr int kMysqlDeadlock = 1213;         // ER_LOCK_DEADLOCK
constexpr int kMysqlDuplicateColumn = 1060;  // ER_DUP_FIELDNAME

// Poco's MySQL exceptions carry the server's error number only in their text:
// "...\t[mysql_stmt_errno]: 1213\t..." or "...\t[mysql_errno]: 2006\t...".
int mysqlErrorNumber(const Poco::Exception& error) {
  const std::string& text = error.message();
  for (const std::string_view tag : {"[mysql_stmt_errno]: ", "[mysql_errno]: "}) {
    const auto at = text.find(tag);
    if (at == std::string::npos) continue;
    const char* first = text.data() + at + tag.size();
    int number = 0;
    if (std::from_chars(first, text.data() + text.size(), number).ec == std::errc()) return number;
  }
  return 0;
}

bool isTransient(const Poco::Exception& error) {
  if (dynamic_cast<const Poco::Data::ConnectionFailedException*>(&error) ||
      dynamic_cast<const Poco::Data::NotConnectedException*>(&error) ||
      dynamic_cast<const Poco::Data::SessionPoolExhaustedException*>(&error) ||
      dynamic_cast<const Poco::Data::SessionUnavailableException*>(&error) ||
      dynamic_cast<const Poco::Data::SQLite::DBLockedException*>(&error) ||
      dynamic_cast<const Poco::Data::SQLite::TableLockedException*>(&error) ||
      dynamic_cast<const Poco::Data::MySQL::ConnectionException*>(&error)) {
    return true;
  }
  if (dynamic_cast<const Poco::Data::MySQL::MySQLException*>(&error)) {
    const int number = mysqlErrorNumber(error);
    for (const int transient : kTransientMysqlErrors) {
      if (number == transient) return true;
    }
  }
  return false;
}

}  // namespace

core::Status statusFromPoco(const Poco::Exception& error, std::string_view what) {
  metrics::databaseError();
  std::string message(what);
  message += ": ";
  message += error.displayText();
  if (isTransient(error)) return core::Status::unavailable(std::move(message));
  return core::Status::internal(std::move(message));
}

bool isDeadlock(const Poco::Exception& error) {
  return dynamic_cast<const Poco::Data::MySQL::MySQLException*>(&error) &&
         mysqlErrorNumber(error) == kMysqlDeadlock;
}

bool isDuplicateColumn(const Poco::Exception& error) {
  return dynamic_cast<const Poco::Data::MySQL::MySQLException*>(&error) &&
         mysqlErrorNumber(error) == kMysqlDuplicateColumn;
}

bool isDuplicateKey(const Poco::Exception& error) {
  if (dynamic_cast<const Poco::Data::MySQL::MySQLException*>(&error)) {
    return mysqlErrorNumber(error) == kMysqlDuplicateKey;
  }
  if (dynamic_cast<const Poco::Data::SQLite::SQLiteException*>(&error)) {
    // With extended result codes on, Poco 1.11 does not always pick
    // ConstraintViolationException: recognise SQLite's own text as well.
    return dynamic_cast<const Poco::Data::SQLite::ConstraintViolationException*>(&error) ||
           error.message().find("UNIQUE constraint failed") != std::string::npos;
  }
  return false;
}

}  // namespace userimg::db
