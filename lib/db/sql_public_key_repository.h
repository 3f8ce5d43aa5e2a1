#pragma once
// SqlPublicKeyRepository: the PublicKeyRepository over a Database, the same
// SQL on SQLite and MySQL/MariaDB (db/public_key_repository.h has the
// contract). users.public_key has a unique index (sql/*/004_public_keys.sql):
// a new key that collides with another user's (2^-128 per pair) fails the
// UPDATE and is kUnavailable.
//
// Thread-safe; each call takes its own pooled connection.

#include "db/database.h"
#include "db/public_key_repository.h"

namespace userimg::db {

class SqlPublicKeyRepository final : public PublicKeyRepository {
 public:
  // `database` is borrowed and must outlive this repository.
  explicit SqlPublicKeyRepository(Database& database) : database_(database) {}

  core::Status setKey(std::string_view userId, std::string_view publicKey) override;

 private:
  Database& database_;
};

}  // namespace userimg::db
