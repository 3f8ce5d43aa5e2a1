-- userimg schema, version 3 (SQLite): the part of a profile image its
-- square variants are cut from, when the uploader chose a crop (issue 13,
-- `userimgctl regenerate`), in the stored image's pixels. All four NULL for
-- images without a crop, covers (stored as their crop) and images stored
-- before this version.
-- Applied by the migrator inside one transaction, like version 1.

ALTER TABLE user_images ADD COLUMN square_x INTEGER NULL;
ALTER TABLE user_images ADD COLUMN square_y INTEGER NULL;
ALTER TABLE user_images ADD COLUMN square_width INTEGER NULL;
ALTER TABLE user_images ADD COLUMN square_height INTEGER NULL;
