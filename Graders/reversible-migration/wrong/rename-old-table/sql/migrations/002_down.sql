-- Wrong: down renames the old table out of the way first. SQLite then rewrites orders' foreign key to
-- point at users_old, which is dropped a moment later: every order now references a missing table.
PRAGMA foreign_keys = OFF;
BEGIN;

ALTER TABLE users RENAME TO users_old;

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

INSERT INTO users (id, name, email, created_at)
SELECT id,
       CASE WHEN last_name = '' THEN first_name ELSE first_name || ' ' || last_name END,
       email,
       created_at
FROM users_old;

DROP TABLE users_old;
CREATE INDEX idx_users_created_at ON users (created_at);

COMMIT;
PRAGMA foreign_keys = ON;
