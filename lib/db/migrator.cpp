#include "db/migrator.h"

#include <ctime>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include "avatars/public_key.h"
#include "core/log.h"
#include "db/migrations.h"
#include "db/poco_errors.h"

namespace userimg::db {

using namespace Poco::Data::Keywords;

namespace {

constexpr const char* kSqliteHasMigrationsTable =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
constexpr const char* kMysqlHasMigrationsTable =
    "SELECT COUNT(*) FROM information_schema.tables"
    " WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'";
constexpr const char* kSelectSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kRecordMigration =
    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)";
// Version 4 (public keys): the users it found without one.
constexpr int kPublicKeysVersion = 4;
constexpr const char* kSelectUsersWithoutKey = "SELECT id FROM users WHERE public_key IS NULL";
constexpr const char* kSetMissingKey =
    "UPDATE users SET public_key = ? WHERE id = ? AND public_key IS NULL";

core::Status newerThanBuild(int current, int latest) {
  return core::Status::unavailable("database schema is at version " + std::to_string(current) +
                                   " but this build only knows up to " + std::to_string(latest) +
                                   ": run a newer userimg, or restore a backup made for this one");
}

// The recorded version, 0 on an empty database. Throws Poco::Exception.
int readVersion(Database& database, Poco::Data::Session& session) {
  Poco::Int64 tables = 0;
  session << (database.dialect() == Dialect::kSqlite ? kSqliteHasMigrationsTable
                                                     : kMysqlHasMigrationsTable),
      into(tables), now;
  if (tables == 0) return 0;
  // MAX() of an INT column is BIGINT on MySQL.
  Poco::Int64 version = 0;
  session << kSelectSchemaVersion, into(version), now;
  return static_cast<int>(version);
}

// Gives every user without a public key a new one. The keys come from
// avatars::newPublicKey() (getrandom(2)) rather than from SQL, so that
// SQLite and MariaDB keys have one generator and one spelling. Only fills
// NULLs: a run that stopped half-way is finished by the next. Throws
// Poco::Exception; a failing generator is a Poco::Exception too.
void backfillPublicKeys(Poco::Data::Session& session) {
  std::vector<std::string> ids;
  session << kSelectUsersWithoutKey, into(ids), now;
  for (const std::string& id : ids) {
    core::Result<std::string> key = avatars::newPublicKey();
    if (!key) throw Poco::RuntimeException(key.status().message());
    session << kSetMissingKey, bind(key.value()), bind(id), now;
  }
  if (!ids.empty()) core::log::info("gave " + std::to_string(ids.size()) + " users a public key");
}

void applyMigration(Database& database, Poco::Data::Session& session, const Migration& migration) {
  const bool transactional = database.dialect() == Dialect::kSqlite;
  if (transactional) session.begin();
  try {
    for (const std::string& statement : splitSqlStatements(migration.sql)) {
      try {
        session << statement, now;
      } catch (const Poco::Exception& e) {
        // MySQL only (SQLite rolled back whatever ran before): the columns
        // were added by a run that stopped before recording the migration.
        if (transactional || !isDuplicateColumn(e)) throw;
        core::log::info("migration " + std::string(migration.name) +
                        ": its columns already exist (an earlier run was interrupted)");
      }
    }
    if (migration.version == kPublicKeysVersion) backfillPublicKeys(session);
    session << kRecordMigration, bind(migration.version),
        bind(static_cast<Poco::Int64>(std::time(nullptr))), now;
    if (transactional) session.commit();
  } catch (...) {
    if (transactional && session.isTransaction()) {
      try {
        session.rollback();
      } catch (const Poco::Exception&) {
        // The original failure is the one worth reporting.
      }
    }
    throw;
  }
}

}  // namespace

core::Result<int> schemaVersion(Database& database) {
  try {
    Poco::Data::Session session = database.session();
    return readVersion(database, session);
  } catch (const Poco::Exception& e) {
    return statusFromPoco(e, "reading the schema version of " + database.description());
  }
}

int latestSchemaVersion() {
  return embeddedMigrations(Dialect::kSqlite).back().version;
}

core::Status migrate(Database& database) {
  const int latest = latestSchemaVersion();
  const Migration* current = nullptr;
  try {
    Poco::Data::Session session = database.session();
    const int version = readVersion(database, session);
    if (version > latest) return newerThanBuild(version, latest);
    for (const Migration& migration : embeddedMigrations(database.dialect())) {
      if (migration.version <= version) continue;
      current = &migration;
      applyMigration(database, session, migration);
      core::log::info("applied migration " + std::string(migration.name) + " to " +
                      database.description());
    }
    return core::Status::ok();
  } catch (const Poco::Exception& e) {
    std::string what = "migrating " + database.description();
    if (current != nullptr) what += " (" + std::string(current->name) + ")";
    return statusFromPoco(e, what);
  }
}

core::Status checkSchema(Database& database) {
  core::Result<int> version = schemaVersion(database);
  if (!version) return version.status();
  const int latest = latestSchemaVersion();
  if (version.value() < latest) {
    return core::Status::unavailable("database schema is at version " +
                                     std::to_string(version.value()) + " but this build needs " +
                                     std::to_string(latest) + ": run `userimgctl migrate`");
  }
  if (version.value() > latest) return newerThanBuild(version.value(), latest);
  return core::Status::ok();
}

}  // namespace userimg::db
