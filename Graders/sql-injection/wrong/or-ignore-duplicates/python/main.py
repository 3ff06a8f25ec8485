# Known-wrong (or-ignore-duplicates): inserts with INSERT OR IGNORE, so a duplicate e-mail is silently dropped and reported as added.
"""A tiny user directory over SQLite: `python3 main.py DATABASE`, commands on standard input.

Every value from the user reaches SQLite as a bound parameter (`?`), never as SQL text, so quotes,
semicolons and comment markers in a name are just characters. The search text is also escaped for LIKE,
whose own wildcards (% and _) would otherwise let a user match more than they typed.
"""
import sqlite3
import sys


def like_pattern(text):
    """A LIKE pattern matching names that contain `text` literally (used with ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(db, text):
    rows = db.execute(
        "SELECT id, name, email FROM users WHERE name LIKE ? ESCAPE '\\' ORDER BY id",
        (like_pattern(text),),
    ).fetchall()
    for user_id, name, email in rows:
        print(f"#{user_id} {name} <{email}>")
    print(f"found: {len(rows)}")


def add(db, rest):
    name, _, email = rest.rpartition(" ")
    if not name or not email:
        print("error: usage: add NAME EMAIL")
        return
    try:
        with db:
            cursor = db.execute("INSERT OR IGNORE INTO users (name, email) VALUES (?, ?)", (name, email))
    except sqlite3.IntegrityError:
        print(f"error: email already registered: {email}")
        return
    print(f"added #{cursor.lastrowid}")


def count(db):
    (total,) = db.execute("SELECT COUNT(*) FROM users").fetchone()
    print(f"users: {total}")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 main.py DATABASE < commands")
    db = sqlite3.connect(sys.argv[1])
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        command, _, rest = line.partition(" ")
        if command == "search" and rest:
            search(db, rest)
        elif command == "add":
            add(db, rest)
        elif command == "count" and not rest:
            count(db)
        else:
            print(f"error: unknown command: {line}")
    db.close()


main()
