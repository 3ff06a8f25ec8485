"""Writes the fixture databases and the cases of sql-injection, hidden (fixtures/, cases/) and visible
(Labs/sql-injection/tests/).

The databases are built here from SQL; the expected outputs come from running the Python reference on
each case's commands and are read by a person before they are committed.
Run from anywhere: python3 Graders/sql-injection/make-cases.py
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "sql-injection", "tests")
REFERENCE = os.path.join(HERE, "reference", "python", "main.py")

SCHEMA = """
CREATE TABLE users (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    email     TEXT NOT NULL UNIQUE,
    api_token TEXT NOT NULL DEFAULT (lower(hex(randomblob(16))))   -- secret: never printed
);
"""

USERS = [
    ("Siobhan O'Brien", "siobhan@example.com"),
    ("Conan O'Neill", "conan@example.com"),
    ("Ada Lovelace", "ada@example.com"),
    ("Alan Turing", "alan@example.com"),
    ("build_bot", "build-bot@example.com"),
    ("Grace Hopper", "grace@example.com"),
    ("deploy_bot", "deploy-bot@example.com"),
    ("Growth 100% Team", "growth@example.com"),
    ("CORP\\jsmith", "jsmith@corp.example.com"),
    ("Barbara Liskov", "barbara@example.com"),
    ("Zoë Ahmed", "zoe@example.com"),
    ("Margaret Hamilton", "margaret@example.com"),
]

VISIBLE_USERS = [
    ("Siobhan O'Brien", "siobhan@example.com"),
    ("Ada Lovelace", "ada@example.com"),
    ("Alan Turing", "alan@example.com"),
    ("Grace Hopper", "grace@example.com"),
]

HIDDEN_CASES = {
    "01-search-basic": [
        "search ada", "search BOT", "search nobody", "search Zoë", "count",
    ],
    "02-add-and-search": [
        "add Katherine Johnson katherine@example.com", "search johnson",
        "add Kate Johnson katherine@example.com", "add Dorothy Vaughan dorothy@example.com",
        "search Johnson", "count",
    ],
    "03-apostrophes": [
        "search O'Brien", "search o'n", "search '",
        "add Dara O'Hara dara@example.com", "search O'Hara", "count",
    ],
    "04-always-true": [
        "search ' OR '1'='1", "search ' OR 1=1 --", "search %' --", "count",
    ],
    "05-union": [
        "search zzz' UNION SELECT id, api_token, email FROM users --",
        "search Ada",
    ],
    "06-insert-subquery": [
        "add Eve', (SELECT group_concat(email, ' ') FROM users)) -- eve@example.com",
        "search Eve", "count",
    ],
    "07-drop-table": [
        "search x'); DROP TABLE users; --",
        "add Bobby'); DROP TABLE users; -- bobby@example.com",
        "search Bobby", "count",
    ],
    "08-percent": [
        "search %", "search 100%", "search 0%", "count",
    ],
    "09-underscore": [
        "search _", "search d_b", "search ____",
    ],
    "10-backslash": [
        "search CORP\\", "search \\_", "search \\j",
        "add Domain\\admin admin@corp.example.com", "search n\\a",
    ],
    # The search text is everything after "search ", spaces included: " o" is not "o".
    "11-spaces-in-search": [
        "search  o", "search t ", "search Ada Lovelace", "search ada  lovelace",
    ],
    # The e-mail is user input too: a subquery in it must be stored as typed.
    "12-email-subquery": [
        "add Mallory m@x.io'||(SELECT(group_concat(api_token))FROM(users))||'",
        "search Mallory", "count",
    ],
    # Empty lines and lines of spaces are skipped; anything that is not a command is an error, and the
    # program carries on.
    "13-other-lines": [
        "", "   ", "count x", "SEARCH ada", "delete 1", "add lonely", "add", "search ada", "count",
    ],
}

VISIBLE_CASES = {
    "01-search": ["search ada", "search Grace", "search nobody"],
    "02-add": ["add Katherine Johnson katherine@example.com", "search johnson", "count"],
    "03-apostrophe": ["search O'Brien"],
    "04-always-true": ["search ' OR '1'='1", "count"],
    "05-percent": ["search %"],
}


def build_db(path, users):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    with db:
        for i, (name, email) in enumerate(users, start=1):
            # Fixed tokens so the fixture file is the same on every run.
            db.execute("INSERT INTO users (id, name, email, api_token) VALUES (?, ?, ?, ?)",
                       (i, name, email, f"tok_{i:02d}_{'s3cr3t' * 3}"))
    db.execute("VACUUM")
    db.close()


def run_reference(db_path, commands):
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(db_path, os.path.join(work, "users.db"))
        result = subprocess.run(
            ["python3", REFERENCE, "users.db"], cwd=work, input="\n".join(commands) + "\n",
            capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"})
        return result.stdout


def write_cases(directory, db_path, cases):
    os.makedirs(directory, exist_ok=True)
    for name, commands in cases.items():
        with open(os.path.join(directory, f"{name}.in"), "w") as f:
            f.write("\n".join(commands) + "\n")
        with open(os.path.join(directory, f"{name}.out"), "w") as f:
            f.write(run_reference(db_path, commands))


def main():
    os.makedirs(os.path.join(HERE, "fixtures"), exist_ok=True)
    hidden_db = os.path.join(HERE, "fixtures", "users.db")
    visible_db = os.path.join(VISIBLE, "users.db")
    os.makedirs(VISIBLE, exist_ok=True)
    build_db(hidden_db, USERS)
    build_db(visible_db, VISIBLE_USERS)
    write_cases(os.path.join(HERE, "cases"), hidden_db, HIDDEN_CASES)
    write_cases(VISIBLE, visible_db, VISIBLE_CASES)


main()
