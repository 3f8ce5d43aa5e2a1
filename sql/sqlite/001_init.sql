-- userimg schema, version 1 (SQLite).
-- Applied by the migrator (lib/db/migrator.h) inside one transaction.
-- Statements end with ';' at the end of a line; no ';' inside strings.
-- Times are seconds since the epoch.

CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER NOT NULL PRIMARY KEY,
  applied_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
  id VARCHAR(191) NOT NULL PRIMARY KEY,
  email VARCHAR(255) NULL,
  username VARCHAR(191) NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- At most one image of each kind per user.
CREATE TABLE IF NOT EXISTS user_images (
  user_id VARCHAR(191) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('profile', 'cover')),
  storage_key VARCHAR(512) NOT NULL,
  url VARCHAR(1024) NOT NULL,
  content_type VARCHAR(64) NOT NULL,
  byte_size BIGINT NOT NULL,
  width INTEGER NULL,
  height INTEGER NULL,
  created_at BIGINT NOT NULL,
  -- The image's smaller copies, as JSON: [{"name","key","url","width","height"}].
  variants TEXT NULL,
  PRIMARY KEY (user_id, kind)
);

-- Blob-store objects that are no longer referenced and must be removed.
CREATE TABLE IF NOT EXISTS pending_deletions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  storage_key VARCHAR(512) NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS pending_deletions_not_before
  ON pending_deletions (not_before);
