#pragma once
// The one place where exceptions thrown by Poco::Data become a core::Status.
// Internal to lib/db/.
//
//   try { ... } catch (const Poco::Exception& e) { return statusFromPoco(e, "replacing image"); }
//
// kUnavailable: the database is unreachable or the connection broke, the pool
// is exhausted, or a lock could not be taken in time (SQLite busy/locked,
// MySQL lock wait timeout or deadlock). The caller may retry later.
// kInternal: anything else (bad SQL, constraint violations, type errors).

#include <string_view>

#include <Poco/Exception.h>

#include "core/status.h"

namespace userimg::db {

// "<what>: <Poco's text>". Poco's text holds the server's error and the SQL
// statement (our statements carry no values; an error such as a duplicate
// key may quote the key), never the connection string or password.
core::Status statusFromPoco(const Poco::Exception& error, std::string_view what);

// True when `error` is a unique/primary key violation (SQLite constraint,
// MySQL error 1062): the row already exists.
bool isDuplicateKey(const Poco::Exception& error);

// True when `error` is MySQL's "Duplicate column name" (error 1060): an
// ALTER TABLE ... ADD COLUMN found the column already there.
bool isDuplicateColumn(const Poco::Exception& error);

// True when InnoDB chose this transaction as a deadlock victim (MySQL error
// 1213): it has been rolled back whole and can be run again.
bool isDeadlock(const Poco::Exception& error);

}  // namespace userimg::db
