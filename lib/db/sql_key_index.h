#pragma once
// SqlKeyIndex: the KeyIndex over a Database, the same SQL on SQLite and
// MySQL/MariaDB (db/key_index.h has the contract).
//
//   SqlKeyIndex keys(*database);
//   auto referenced = keys.isReferenced("resume/images/3f/3f2a....jpg");
//
// One read-only statement per call, outside any transaction; the answer may
// be stale by the time the caller acts on it, which garbage collection
// allows for with its grace period. Thread-safe; each call takes its own
// pooled connection.

#include "db/database.h"
#include "db/key_index.h"

namespace userimg::db {

class SqlKeyIndex final : public KeyIndex {
 public:
  // `database` is borrowed and must outlive this index.
  explicit SqlKeyIndex(Database& database) : database_(database) {}

  // kInvalidArgument for an empty key.
  core::Result<bool> isReferenced(std::string_view key) override;

 private:
  Database& database_;
};

}  // namespace userimg::db
