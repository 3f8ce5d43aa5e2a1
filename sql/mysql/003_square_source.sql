-- userimg schema, version 3 (MySQL 8 / MariaDB 10.6+): the part of a
-- profile image its square variants are cut from, when the uploader chose a
-- crop (issue 13, `userimgctl regenerate`), in the stored image's pixels.
-- All four NULL for images without a crop, covers (stored as their crop)
-- and images stored before this version.
-- One ALTER adds the four columns (atomic DDL: all or none); the migrator
-- takes "Duplicate column name" (1060) as already applied, as for version 2.

ALTER TABLE user_images
  ADD COLUMN square_x INT NULL,
  ADD COLUMN square_y INT NULL,
  ADD COLUMN square_width INT NULL,
  ADD COLUMN square_height INT NULL;
