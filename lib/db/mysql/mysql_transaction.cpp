#include "db/mysql/mysql_transaction.h"

#include <mysql.h>

#include <string_view>

#include <Poco/Data/MySQL/MySQLException.h>
#include <Poco/Data/MySQL/SessionImpl.h>
#include <Poco/Data/PooledSessionImpl.h>

namespace userimg::db::mysql_transaction {
namespace {

// A pooled session's connection sits behind PooledSessionImpl's protected
// access(), which also checks that the pool still holds it. A pointer to
// that member, formed through a derived class, is how C++ lets code outside
// the class call it; nothing of this type is ever made.
struct PooledAccess : Poco::Data::PooledSessionImpl {
  static Poco::Data::SessionImpl* connectionOf(Poco::Data::PooledSessionImpl& pooled) {
    return (pooled.*&PooledAccess::access)();
  }
};

MYSQL* handleOf(Poco::Data::Session& session) {
  Poco::Data::SessionImpl* impl = session.impl();
  if (auto* pooled = dynamic_cast<Poco::Data::PooledSessionImpl*>(impl)) {
    impl = PooledAccess::connectionOf(*pooled);
  }
  auto* mysql = dynamic_cast<Poco::Data::MySQL::SessionImpl*>(impl);
  if (mysql == nullptr) {
    throw Poco::Data::MySQL::TransactionException("not a MySQL session");
  }
  return mysql->handle();
}

void run(Poco::Data::Session& session, std::string_view command) {
  MYSQL* mysql = handleOf(session);
  if (mysql_real_query(mysql, command.data(), command.size()) != 0) {
    throw Poco::Data::MySQL::TransactionException(std::string(command) + " failed", mysql);
  }
}

}  // namespace

void begin(Poco::Data::Session& session) {
  run(session, "START TRANSACTION");
}

void commit(Poco::Data::Session& session) {
  run(session, "COMMIT");
}

void rollback(Poco::Data::Session& session) {
  run(session, "ROLLBACK");
}

}  // namespace userimg::db::mysql_transaction
