-- Wrong: down puts a name column back and drops the new ones, but never copies the names into it:
-- every user's name comes back empty (and the column is in the wrong place, with a default).
BEGIN;
ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE users DROP COLUMN first_name;
ALTER TABLE users DROP COLUMN last_name;
COMMIT;
