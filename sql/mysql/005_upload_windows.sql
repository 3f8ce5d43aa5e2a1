-- userimg schema, version 5 (MySQL 8 / MariaDB 10.6+): the per-user upload
-- rate limit ([upload] per_user_per_minute, issue 12), counted here so that
-- it holds across every process on this database. One row per user who
-- ever uploaded: the start of the current fixed window (Unix seconds) and
-- the uploads counted in it; lib/db/sql_upload_counter.cpp reuses the row
-- from window to window, so the table does not grow with time.
-- CREATE TABLE IF NOT EXISTS: a run that stopped before recording the
-- migration is finished by the next.

CREATE TABLE IF NOT EXISTS upload_windows (
  user_id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  window_start BIGINT NOT NULL,
  uploads INT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
