#pragma once
// PublicKeyRepository: a new public key (avatars/public_key.h) for a user
// (who a key belongs to is UserRepository::findUserWithPublicKey()). Behind an interface so that
// the public image routes are tested with a fake (tests/fakes/); the production one is
// db/sql_public_key_repository.h.
//
// A user's current key is also in UserRecord::publicKey (read with the
// user). Every method is thread-safe and either completes or changes
// nothing. Database failures are kUnavailable or kInternal.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace userimg::db {

class PublicKeyRepository {
 public:
  virtual ~PublicKeyRepository() = default;

  // Gives user `userId` the new key `publicKey` (from avatars::newPublicKey());
  // the old one then names nobody. kNotFound when there is no such user.
  virtual core::Status setKey(std::string_view userId, std::string_view publicKey) = 0;
};

}  // namespace userimg::db
