-- userimg schema, version 1 (MySQL 8 / MariaDB 10.6+).
-- MySQL DDL is not transactional: every statement is safe to re-run
-- (IF NOT EXISTS), so a migration interrupted half-way can be applied again.
-- Statements end with ';' at the end of a line; no ';' inside strings.
-- Times are seconds since the epoch. Ids and keys compare byte-for-byte
-- (utf8mb4_bin); 191 characters keeps utf8mb4 keys within index limits.

CREATE TABLE IF NOT EXISTS schema_migrations (
  version INT NOT NULL PRIMARY KEY,
  applied_at BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS users (
  id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  email VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL,
  username VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- At most one image of each kind per user.
CREATE TABLE IF NOT EXISTS user_images (
  user_id VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  kind VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  storage_key VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  url VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  content_type VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  byte_size BIGINT NOT NULL,
  width INT NULL,
  height INT NULL,
  created_at BIGINT NOT NULL,
  -- The image's smaller copies, as JSON: [{"name","key","url","width","height"}].
  variants TEXT NULL,
  PRIMARY KEY (user_id, kind),
  CONSTRAINT user_images_kind CHECK (kind IN ('profile', 'cover')),
  CONSTRAINT user_images_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Blob-store objects that are no longer referenced and must be removed.
CREATE TABLE IF NOT EXISTS pending_deletions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  storage_key VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  not_before BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  KEY pending_deletions_not_before (not_before)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
