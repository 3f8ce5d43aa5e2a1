// UserRepositoryTestBase's public key behaviours (schema version 4: the
// users.public_key column, issue 14), run on SQLite and MariaDB like the
// rest of the base: made at provisioning, found with
// SqlUserRepository::findUserWithPublicKey(), rotated through
// SqlPublicKeyRepository, and given by the migration to users that existed
// before it.

#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "avatars/public_key.h"
#include "db/migrations.h"
#include "db/migrator.h"
#include "db/repository_test_support.h"
#include "db/sql_public_key_repository.h"
#include "db/user_repository_test_base.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;
using core::StatusCode;
using namespace testing;

namespace {

// The id of the user `publicKey` names, or nullopt.
std::optional<std::string> idWithKey(UserRepository& users, const std::string& publicKey) {
  std::optional<UserRecord> user = valueOf(users.findUserWithPublicKey(publicKey));
  if (!user) return std::nullopt;
  return user->id;
}

}  // namespace

void UserRepositoryTestBase::testNewUsersGetDistinctPublicKeys() {
  migrateDatabase();
  std::set<std::string> keys;
  for (const char* id : {"ada", "grace", "alan"}) {
    const UserRecord created = valueOf(users_->ensureUser({id, "", ""}, true, kNow));
    CPPUNIT_ASSERT_MESSAGE("key '" + created.publicKey + "' of " + id,
                           avatars::isPublicKeySpelling(created.publicKey));
    // The same key is read back with the user (both reads).
    CPPUNIT_ASSERT_EQUAL(created.publicKey, valueOf(users_->findUser(id))->publicKey);
    CPPUNIT_ASSERT_EQUAL(
        created.publicKey,
        valueOf(users_->ensureUser({id, "new@example.com", ""}, true, kNow)).publicKey);
    keys.insert(created.publicKey);
  }
  CPPUNIT_ASSERT_EQUAL(std::size_t{3}, keys.size());
}

void UserRepositoryTestBase::testPublicKeyNamesItsUserUntilRotated() {
  migrateDatabase();
  SqlPublicKeyRepository keys(*database_);
  const std::string old = valueOf(users_->ensureUser({"ada", "", ""}, true, kNow)).publicKey;
  CPPUNIT_ASSERT_EQUAL(std::string("ada"), idWithKey(*users_, old).value_or("none"));
  CPPUNIT_ASSERT(!idWithKey(*users_, "AAAAAAAAAAAAAAAAAAAAAA"));
  // Case matters: a key differing only in case is another key.
  std::string otherCase = old;
  for (char& c : otherCase)
    c = std::isupper(static_cast<unsigned char>(c)) ? std::tolower(c) : std::toupper(c);
  if (otherCase != old) CPPUNIT_ASSERT(!idWithKey(*users_, otherCase));

  const std::string next = valueOf(avatars::newPublicKey());
  assertOk(keys.setKey("ada", next));
  CPPUNIT_ASSERT_MESSAGE("the rotated key still names its user", !idWithKey(*users_, old));
  CPPUNIT_ASSERT_EQUAL(std::string("ada"), idWithKey(*users_, next).value_or("none"));
  CPPUNIT_ASSERT_EQUAL(next, valueOf(users_->findUser("ada"))->publicKey);
  CPPUNIT_ASSERT(keys.setKey("nobody", valueOf(avatars::newPublicKey())).code() ==
                 StatusCode::kNotFound);
  // Another user's key is refused by the unique index and changes nothing.
  valueOf(users_->ensureUser({"grace", "", ""}, true, kNow));
  CPPUNIT_ASSERT(!keys.setKey("grace", next).isOk());
  CPPUNIT_ASSERT_EQUAL(std::string("ada"), idWithKey(*users_, next).value_or("none"));
}

void UserRepositoryTestBase::testMigrationGivesExistingUsersPublicKeys() {
  {
    Poco::Data::Session session = database_->session();
    for (const Migration& migration : embeddedMigrations(database_->dialect())) {
      if (migration.version > 3) break;
      for (const std::string& statement : splitSqlStatements(migration.sql)) {
        session << statement, now;
      }
      session << "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
          bind(migration.version), bind(Poco::Int64(kNow)), now;
    }
    for (const std::string id : {"old-1", "old-2", "old-3"}) {
      session << "INSERT INTO users (id, created_at, updated_at) VALUES (?, ?, ?)", bind(id),
          bind(Poco::Int64(kNow)), bind(Poco::Int64(kNow)), now;
    }
  }
  CPPUNIT_ASSERT_EQUAL(3, valueOf(schemaVersion(*database_)));
  assertOk(migrate(*database_));
  CPPUNIT_ASSERT_EQUAL(latestSchemaVersion(), valueOf(schemaVersion(*database_)));
  SqlPublicKeyRepository keys(*database_);
  std::set<std::string> seen;
  for (const std::string id : {"old-1", "old-2", "old-3"}) {
    const std::string key = valueOf(users_->findUser(id))->publicKey;
    CPPUNIT_ASSERT_MESSAGE("key '" + key + "' of " + id, avatars::isPublicKeySpelling(key));
    CPPUNIT_ASSERT_EQUAL(id, idWithKey(*users_, key).value_or("none"));
    seen.insert(key);
  }
  CPPUNIT_ASSERT_EQUAL(std::size_t{3}, seen.size());
}

}  // namespace userimg::db
