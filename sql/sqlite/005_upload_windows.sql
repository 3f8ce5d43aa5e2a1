-- userimg schema, version 5 (SQLite): the per-user upload rate limit
-- ([upload] per_user_per_minute, issue 12), counted here so that it holds
-- across every process on this database. One row per user who ever
-- uploaded: the start of the current fixed window (Unix seconds) and the
-- uploads counted in it; lib/db/sql_upload_counter.cpp reuses the row from
-- window to window, so the table does not grow with time.
-- Applied by the migrator inside one transaction, like version 1.

CREATE TABLE IF NOT EXISTS upload_windows (
  user_id VARCHAR(191) NOT NULL PRIMARY KEY,
  window_start BIGINT NOT NULL,
  uploads INTEGER NOT NULL
);
