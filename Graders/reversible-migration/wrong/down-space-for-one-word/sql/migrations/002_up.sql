-- Migration 002, up: split users.name into first_name and last_name.
-- first_name is the text before the first space, last_name everything after it ('' for a one-word
-- name), so that `first_name || ' ' || last_name` gives back the original name exactly.
-- New columns are added with a default so existing rows satisfy NOT NULL; the data is copied over;
-- then the old column is dropped (SQLite 3.35+). All in one transaction: it happens completely or not at all.
BEGIN;

ALTER TABLE users ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN last_name TEXT NOT NULL DEFAULT '';

UPDATE users
SET first_name = CASE WHEN instr(name, ' ') = 0 THEN name ELSE substr(name, 1, instr(name, ' ') - 1) END,
    last_name  = CASE WHEN instr(name, ' ') = 0 THEN '' ELSE substr(name, instr(name, ' ') + 1) END;

ALTER TABLE users DROP COLUMN name;

COMMIT;
