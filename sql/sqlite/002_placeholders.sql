-- userimg schema, version 2 (SQLite): each image's placeholder (issue 13),
-- a BlurHash and the dominant colour as "#rrggbb". Both NULL for images
-- stored before this version or while [images] placeholders is off.
-- Applied by the migrator inside one transaction, like version 1.

-- 166: the longest BlurHash (9 x 9 components); userimg writes 28 or 36.
ALTER TABLE user_images ADD COLUMN placeholder_blurhash VARCHAR(166) NULL;
ALTER TABLE user_images ADD COLUMN placeholder_color VARCHAR(7) NULL;
