#pragma once
// A transaction on a pooled MySQL/MariaDB session as text commands, one
// round trip each. Internal to lib/db/ (TransactionScope).
//
// Poco's begin() and commit() cost four round trips with the autocommit
// restore that TransactionScope needs after them (transaction_scope.h):
// SET autocommit=0, COMMIT, and SET autocommit=1 prepared, executed and
// closed. START TRANSACTION leaves autocommit on, so COMMIT or ROLLBACK
// alone ends the transaction and there is nothing to restore.

#include <Poco/Data/Session.h>

namespace userimg::db::mysql_transaction {

// Each throws Poco::Data::MySQL::TransactionException, whose message carries
// the server's error number as Poco's own do ("[mysql_errno]: 1213").
void begin(Poco::Data::Session& session);
void commit(Poco::Data::Session& session);
void rollback(Poco::Data::Session& session);

}  // namespace userimg::db::mysql_transaction
