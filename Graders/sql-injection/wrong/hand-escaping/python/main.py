# Wrong: escapes quotes by hand (doubling them), which stops quote injection, but forgets LIKE's own
# wildcards: a search for "%" or "_" matches names that do not contain it.
"""User directory with hand-made escaping."""
import sqlite3
import sys


def quote(text):
    return text.replace("'", "''")


def search(db, text):
    rows = db.execute(
        f"SELECT id, name, email FROM users WHERE name LIKE '%{quote(text)}%' ORDER BY id"
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
            cursor = db.execute(f"INSERT INTO users (name, email) VALUES ('{quote(name)}', '{quote(email)}')")
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
