#include "db/transaction_scope.h"

namespace userimg::db {

TransactionScope::TransactionScope(Poco::Data::Session& session, Dialect dialect)
    : session_(session), restoreAutoCommit_(dialect == Dialect::kMysql) {
  session_.begin();
}

TransactionScope::~TransactionScope() {
  try {
    if (open_) session_.rollback();
  } catch (const Poco::Exception&) {
    // The failure that got us here is the one reported; a connection that
    // cannot roll back is dropped by the pool.
  }
  try {
    if (restoreAutoCommit_) session_.setFeature("autoCommit", true);
  } catch (const Poco::Exception&) {
    // As above: a broken connection is not reused.
  }
}

void TransactionScope::commit() {
  open_ = false;  // after a failed COMMIT the server has rolled back
  session_.commit();
}

}  // namespace userimg::db
