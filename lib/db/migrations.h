#pragma once
// The schema migrations compiled into the binary, one list per dialect, and
// the rule that splits a migration script into statements.
//
// Migrations live in sql/<dialect>/NNN_description.sql; the build embeds them
// (cmake/EmbedSql.cmake, which also checks that both dialects have the same
// versions). The migrator (db/migrator.h) is their only user.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"

namespace userimg::db {

struct Migration {
  int version;            // NNN of the file name; ascending, starting at 1
  std::string_view name;  // file name, for logs
  std::string_view sql;   // the whole script
};

// The migrations for `dialect`, oldest first. Static storage; never empty.
std::span<const Migration> embeddedMigrations(Dialect dialect);

// Splits a script into statements. The rule is deliberately simple, and our
// SQL files follow it: lines starting with "--" (after blanks) are comments
// and dropped; a statement ends with a ';' that is the last non-blank
// character of a line (so a ';' inside a string literal is only safe mid-line,
// and our files use none). The ';' is not part of the returned statement;
// statements that are empty after trimming are dropped.
std::vector<std::string> splitSqlStatements(std::string_view script);

}  // namespace userimg::db
