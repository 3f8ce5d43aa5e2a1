#include "db/sql_public_key_repository.h"

#include <string>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "db/poco_errors.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;

namespace {

constexpr const char* kSetKey = "UPDATE users SET public_key = ? WHERE id = ?";
constexpr const char* kCountUser = "SELECT COUNT(*) FROM users WHERE id = ?";

}  // namespace

core::Status SqlPublicKeyRepository::setKey(std::string_view userId, std::string_view publicKey) {
  if (userId.empty() || publicKey.empty()) {
    return core::Status::invalidArgument("user id and public key must not be empty");
  }
  const std::string id(userId);
  const std::string key(publicKey);
  try {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement update(session);
    update << kSetKey, bind(key), bind(id);
    // A new random key always changes the row, so 0 is no such user.
    if (update.execute() == 0) {
      Poco::Int64 users = 0;
      session << kCountUser, bind(id), into(users), now;
      if (users == 0) return core::Status::notFound("no such user");
    }
    return core::Status::ok();
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "setting a public key");
  }
}

}  // namespace userimg::db
