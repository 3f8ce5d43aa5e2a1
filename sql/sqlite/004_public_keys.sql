-- userimg schema, version 4 (SQLite): each user's public key (issue 14),
-- the opaque part of the public image URLs /avatars/<key> and
-- /covers/<key>: 22 characters of base64url, 128 random bits.
-- Applied by the migrator inside one transaction, like version 1. Users
-- that exist already get their keys from the migrator right after these
-- statements (lib/db/migrator.cpp: avatars::newPublicKey(), getrandom(2)),
-- not from SQL: one generator, the OS's CSPRNG, for every key.
-- NULL-able so that the column can be added to a table with rows; a UNIQUE
-- index allows many NULLs and never two equal keys.

ALTER TABLE users ADD COLUMN public_key VARCHAR(32) NULL;
CREATE UNIQUE INDEX users_public_key ON users (public_key);
