"""Writes the visible half of reversible-migration: Labs/reversible-migration/tests/check.py (the same
checker the hidden tests run) and tests/fixtures/v1.sql (a smaller version 1 database).

The hidden fixture, fixtures/v1.sql, is written by hand: it holds the names that break naive splits.
Run from anywhere: python3 Graders/reversible-migration/make-cases.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "reversible-migration", "tests")

VISIBLE_SEED = """\
-- Version 1 of the application's schema (migration 001) and a few users to try your migrations on.
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_users_created_at ON users (created_at);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    total_cents INTEGER NOT NULL
);

INSERT INTO users (id, name, email, created_at) VALUES
    (1, 'Ada Lovelace', 'ada@example.com', '2023-01-05 09:12:00'),
    (2, 'Alan Turing', 'alan@example.com', '2023-01-06 10:00:00'),
    (3, 'Mary Ann Evans', 'mary.ann@example.com', '2023-02-11 14:30:00');

INSERT INTO orders (id, user_id, total_cents) VALUES (1, 1, 8900), (2, 2, 2900), (3, 1, 27900);
"""


def main():
    os.makedirs(os.path.join(VISIBLE, "fixtures"), exist_ok=True)
    shutil.copy(os.path.join(HERE, "check.py"), os.path.join(VISIBLE, "check.py"))
    with open(os.path.join(VISIBLE, "fixtures", "v1.sql"), "w") as f:
        f.write(VISIBLE_SEED)


main()
