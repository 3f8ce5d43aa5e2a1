#pragma once
// TransactionScope: one transaction on a pooled Poco::Data session, rolled
// back on destruction unless committed. Internal to lib/db.
//
// On MySQL it is START TRANSACTION and COMMIT or ROLLBACK as text commands
// (db/mysql/mysql_transaction.h), not Poco's begin(): that switches the
// connection's autocommit off, and neither commit() nor rollback() switches
// it back on, so a pooled connection would run every later statement inside
// one endless implicit transaction, holding a stale snapshot and its row
// locks. START TRANSACTION leaves autocommit as it is. SQLite uses Poco's.
//
// Not thread-safe: one per session, on the stack of the thread using it.

#include <Poco/Data/Session.h>

#include "db/database.h"

namespace userimg::db {

class TransactionScope {
 public:
  // Begins a transaction on `session` (borrowed for the scope's lifetime).
  // Throws Poco::Exception when it cannot.
  TransactionScope(Poco::Data::Session& session, Dialect dialect);
  ~TransactionScope();
  TransactionScope(const TransactionScope&) = delete;
  TransactionScope& operator=(const TransactionScope&) = delete;

  // Commits; throws Poco::Exception when the commit fails (the server has
  // then rolled back).
  void commit();

 private:
  Poco::Data::Session& session_;
  Dialect dialect_;
  bool open_ = true;
};

}  // namespace userimg::db
