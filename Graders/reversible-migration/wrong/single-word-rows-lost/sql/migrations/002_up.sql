-- Wrong: up rebuilds the table and copies only the names it can split, so every user with a one-word
-- name (Cher, Prince, ...) is silently lost, and their orders point at nobody.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE users_v2 (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name  TEXT NOT NULL
);

INSERT INTO users_v2 (id, email, created_at, first_name, last_name)
SELECT id, email, created_at,
       substr(name, 1, instr(name, ' ') - 1),
       substr(name, instr(name, ' ') + 1)
FROM users
WHERE instr(name, ' ') > 0;

DROP TABLE users;
ALTER TABLE users_v2 RENAME TO users;
CREATE INDEX idx_users_created_at ON users (created_at);

COMMIT;
PRAGMA foreign_keys = ON;
