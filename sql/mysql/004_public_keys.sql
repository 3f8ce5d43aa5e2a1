-- userimg schema, version 4 (MySQL 8 / MariaDB 10.6+): each user's public
-- key (issue 14), the opaque part of the public image URLs /avatars/<key>
-- and /covers/<key>: 22 characters of base64url, 128 random bits.
-- One ALTER adds the column and its unique index (atomic DDL: all or none);
-- the migrator takes "Duplicate column name" (1060) as already applied, as
-- for version 2. Users that exist already get their keys from the migrator
-- right after this statement (lib/db/migrator.cpp: avatars::newPublicKey(),
-- getrandom(2)), which only fills NULLs, so an interrupted run is finished
-- by the next one.

ALTER TABLE users
  ADD COLUMN public_key VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  ADD UNIQUE INDEX users_public_key (public_key);
