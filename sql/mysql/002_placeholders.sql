-- userimg schema, version 2 (MySQL 8 / MariaDB 10.6+): each image's
-- placeholder (issue 13), a BlurHash and the dominant colour as "#rrggbb".
-- Both NULL for images stored before this version or while [images]
-- placeholders is off.
-- MySQL DDL is not transactional and MySQL 8 has no ADD COLUMN IF NOT
-- EXISTS: one ALTER adds both columns (atomic DDL: both or neither), and
-- the migrator takes "Duplicate column name" (1060) as already applied, so
-- a migration interrupted before it was recorded can be applied again.

-- 166: the longest BlurHash (9 x 9 components); userimg writes 28 or 36.
ALTER TABLE user_images
  ADD COLUMN placeholder_blurhash VARCHAR(166) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  ADD COLUMN placeholder_color VARCHAR(7) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
