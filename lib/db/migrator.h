#pragma once
// Schema migrations: bring a database to the schema this build needs, and
// refuse to serve from one that is not there.
//
// The service calls checkSchema() at start-up and does not start when it
// fails; an operator runs `userimgctl migrate`, which calls migrate(). The
// migrations are the sql/<dialect>/NNN_*.sql files compiled into the binary
// (db/migrations.h); schema_migrations records each applied version.
//
// Not safe to run migrate() from two processes at once against the same
// database (run it from one deployment step).

#include "core/result.h"
#include "db/database.h"

namespace userimg::db {

// The highest version recorded in schema_migrations; 0 when that table does
// not exist (an empty database). Database errors as statusFromPoco().
core::Result<int> schemaVersion(Database& database);

// The schema version this build needs (the newest embedded migration).
int latestSchemaVersion();

// Applies, in order, every migration newer than schemaVersion() and records
// each in schema_migrations as soon as it is applied. Idempotent: on an
// up-to-date database it changes nothing. On SQLite each migration runs in a
// transaction; MySQL DDL commits implicitly, so there a migration interrupted
// half-way is applied again from its start (our scripts use IF NOT EXISTS,
// and an ADD COLUMN of a column that exists, MySQL error 1060, is taken as
// done: MySQL 8 has no ADD COLUMN IF NOT EXISTS).
// kUnavailable when the database is newer than this build.
core::Status migrate(Database& database);

// OK when the database is at latestSchemaVersion(). Otherwise kUnavailable:
//   "database schema is at version N but this build needs M: run `userimgctl migrate`"
//   "database schema is at version N but this build only knows up to M: ..."
core::Status checkSchema(Database& database);

}  // namespace userimg::db
