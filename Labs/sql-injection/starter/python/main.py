"""A tiny user directory over SQLite: `python3 main.py DATABASE`, commands on standard input.

It works for ordinary names, but it builds its SQL by pasting the user's text into the query string.
Anyone who can type a name can rewrite the query. Your job: close every hole without changing the output.
"""
import sqlite3
import sys


def search(db, text):
    # TODO (stage 1 and 2): the text is pasted into the SQL. A name like O'Brien breaks the query, and
    #       a crafted "name" can change what the query does. Pass the value separately instead.
    # TODO (stage 3): even as a proper value, LIKE treats % and _ in the text as wildcards.
    rows = db.execute(
        f"SELECT id, name, email FROM users WHERE name LIKE '%{text}%' ORDER BY id"
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
            # TODO (stage 1 and 2): the same problem as in search.
            cursor = db.execute(f"INSERT INTO users (name, email) VALUES ('{name}', '{email}')")
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
