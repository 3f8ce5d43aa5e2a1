#pragma once
// SqlUploadCounter: the UploadCounter over a Database (db/upload_counter.h
// has the contract), on SQLite and MySQL/MariaDB.
//
// One row per user in upload_windows (sql/*/005_upload_windows.sql): the
// start of the user's current window and its count. The row is reused from
// window to window (an upsert resets it when its window has passed), so the
// table never holds more than one row per user who ever uploaded.
// Each count is one short transaction: an upsert that takes the row's write
// lock (InnoDB row lock; SQLite's database write lock), then a read of the
// row this transaction wrote, then the commit. A concurrent count in
// another process waits for the lock, so no two counts read the same value.
//
// Thread-safe; each call takes its own pooled connection.

#include "db/database.h"
#include "db/upload_counter.h"

namespace userimg::db {

class SqlUploadCounter final : public UploadCounter {
 public:
  // `database` is borrowed and must outlive this counter.
  explicit SqlUploadCounter(Database& database) : database_(database) {}

  core::Result<UploadWindow> countUpload(std::string_view userId, std::int64_t nowSeconds,
                                         std::int64_t windowSeconds) override;

 private:
  Database& database_;
};

}  // namespace userimg::db
