#include "db/transaction_scope.h"

#include "db/mysql/mysql_transaction.h"

namespace userimg::db {

TransactionScope::TransactionScope(Poco::Data::Session& session, Dialect dialect)
    : session_(session), dialect_(dialect) {
  if (dialect_ == Dialect::kMysql) {
    mysql_transaction::begin(session_);
  } else {
    session_.begin();
  }
}

TransactionScope::~TransactionScope() {
  if (!open_) return;
  try {
    if (dialect_ == Dialect::kMysql) {
      mysql_transaction::rollback(session_);
    } else {
      session_.rollback();
    }
  } catch (const Poco::Exception&) {
    // The failure that got us here is the one reported; a connection that
    // cannot roll back is dropped by the pool.
  }
}

void TransactionScope::commit() {
  open_ = false;  // after a failed COMMIT the server has rolled back
  if (dialect_ == Dialect::kMysql) {
    mysql_transaction::commit(session_);
  } else {
    session_.commit();
  }
}

}  // namespace userimg::db
