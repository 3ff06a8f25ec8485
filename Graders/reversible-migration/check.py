"""Grades a reversible migration: python3 check.py PHASE [--only GROUP] [--submission DIR]

PHASE is `up`, `down`, `again` or `atomic` (or `all`, for trying by hand). The learner's files are
DIR/migrations/002_up.sql and DIR/migrations/002_down.sql (DIR defaults to /submission). Version 1 of
the schema and its data are fixtures/v1.sql next to this script. Every phase starts from a fresh
database under /tmp, seeded with v1, and prints a TAP 13 report on standard output: one line per
check, with a YAML block saying what was wrong. The database runs with foreign keys ON, as the
application does. Each file is run as one script, as `sqlite3 app.db < 002_up.sql` runs it: a
transaction it leaves open is rolled back when the script ends, and the migration counts as failed.
With --only, the report keeps the checks of one group (schema, data, orders, references, leftovers,
up, down) and whether the migrations ran, so that each hidden test names one rule.

The atomic phase interrupts each migration part-way, at several points (SQLite's progress handler aborts
the statement running then), rolls back what is still open, and checks that the database is either
exactly as before the migration or exactly as after it: never half-migrated.
"""
import argparse
import os
import sqlite3
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "fixtures", "v1.sql")


class Report:
    def __init__(self):
        self.results = []

    def check(self, description, ok, detail="", group="*"):
        self.results.append((description, bool(ok), detail, group))
        return ok

    def emit(self, only=None):
        if only is not None:
            self.results = [r for r in self.results if r[3] in ("*", only)]
        print("TAP version 13")
        print(f"1..{len(self.results)}")
        for number, (description, ok, detail, _) in enumerate(self.results, start=1):
            print(f"{'ok' if ok else 'not ok'} {number} - {description}")
            if not ok and detail:
                print("  ---")
                print("  message: " + quote(detail))
                print("  ...")


def quote(text):
    text = " ".join(str(text).split())
    if len(text) > 400:
        text = text[:400] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def connect(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def run_file(db, path):
    """Runs a migration file; returns an error message or None."""
    try:
        with open(path, encoding="utf-8") as f:
            script = f.read()
    except OSError as error:
        return f"cannot read {os.path.basename(path)}: {error.strerror}"
    try:
        db.executescript(script)
    except sqlite3.Error as error:
        if db.in_transaction:
            db.execute("ROLLBACK")
        return f"{os.path.basename(path)} failed: {error}"
    if db.in_transaction:
        # A migration runner such as `sqlite3 app.db < 002_up.sql` rolls back, at the end of the script, a
        # transaction the file opened and did not commit: nothing the migration did is kept. So does this one.
        db.execute("ROLLBACK")
        return (f"{os.path.basename(path)} ends inside a transaction it opened (BEGIN without COMMIT): "
                "what it did in that transaction was rolled back when the script ended, as sqlite3 does. "
                "End the transaction with COMMIT")
    return None


def inspect(default):
    """Makes a query helper return `default` instead of raising when a migration left the database in a
    shape it cannot read (a missing table or column): that is a failed check, never a crashed grader."""
    def wrap(function):
        def safe(*args):
            try:
                return function(*args)
            except sqlite3.Error:
                return default
        return safe
    return wrap


@inspect([])
def columns(db, table):
    return [tuple(row) for row in db.execute(f"PRAGMA table_info({table})")]


@inspect([])
def indexes(db, table):
    """Indexes of a table: (name, unique, columns); those made by UNIQUE or PRIMARY KEY constraints are
    described by their columns, since SQLite names them after the table."""
    result = []
    for _, name, unique, origin, _ in db.execute(f"PRAGMA index_list({table})").fetchall():
        cols = [row[2] for row in db.execute(f"PRAGMA index_info('{name}')")]
        label = name if origin == "c" else f"<{origin} constraint>"
        result.append((label, unique, tuple(cols)))
    return sorted(result)


@inspect([])
def tables(db):
    return sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))


@inspect([])
def rows(db, table):
    return [tuple(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY id")]


@inspect([])
def named_rows(db, table):
    cursor = db.execute(f"SELECT * FROM {table} ORDER BY id")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


@inspect(None)
def pairs(db, sql):
    return {r[0]: tuple(r[1:]) if len(r) > 2 else r[1] for r in db.execute(sql)}


@inspect([])
def foreign_keys(db, table):
    return sorted((r[2], r[3], r[4]) for r in db.execute(f"PRAGMA foreign_key_list({table})"))


@inspect([("?", "foreign_key_check failed")])
def broken_references(db):
    return db.execute("PRAGMA foreign_key_check").fetchall()


def snapshot(db):
    return {
        "tables": tables(db),
        "users_columns": columns(db, "users"),
        "users_indexes": indexes(db, "users"),
        "orders_fk": foreign_keys(db, "orders"),
        "users": rows(db, "users"),
        "orders": rows(db, "orders"),
        "users_named": named_rows(db, "users"),
    }


def split(name):
    first, _, last = name.partition(" ")
    return first, last


def describe_difference(expected, actual, what):
    missing = [x for x in expected if x not in actual]
    extra = [x for x in actual if x not in expected]
    parts = []
    if missing:
        parts.append(f"missing {missing[:3]}")
    if extra:
        parts.append(f"unexpected {extra[:3]}")
    if not parts:
        parts.append("same items, different order")
    return f"{what}: " + "; ".join(parts)


def check_v2(report, db, v1, label):
    """The checks on the schema and data after an up migration."""
    cols = {c[1]: c for c in columns(db, "users")}
    for name in ("first_name", "last_name"):
        column = cols.get(name)
        report.check(f"{label}: users.{name} exists as TEXT NOT NULL",
                     column is not None and column[2].upper() == "TEXT" and column[3] == 1,
                     f"users.{name} is {column}" if column else f"users has no column {name}; it has {sorted(cols)}",
                     "schema")
    report.check(f"{label}: users.name is gone", "name" not in cols, "users still has a name column", "schema")
    kept = {c[1]: c for c in v1["users_columns"] if c[1] != "name"}
    changed = [n for n, c in kept.items() if n not in cols or cols[n][2:] != c[2:]]
    report.check(f"{label}: id, email and created_at are unchanged", not changed,
                 f"changed or missing: {changed}", "schema")
    report.check(f"{label}: the indexes on users are kept (unique email, created_at)",
                 indexes(db, "users") == v1["users_indexes"],
                 describe_difference(v1["users_indexes"], indexes(db, "users"), "indexes"), "schema")
    report.check(f"{label}: no other table is added or removed", tables(db) == v1["tables"],
                 f"tables are {tables(db)}, expected {v1['tables']}: version 2 changes users only "
                 "(a backup table kept for down is a table left behind)", "schema")
    have = pairs(db, "SELECT id, first_name, last_name FROM users") or {}
    originals = {r[0]: r[1] for r in v1["users"]}
    lost = sorted(set(originals) - set(have))
    report.check(f"{label}: every user is still there", have and not lost,
                 f"{len(lost)} of {len(originals)} users missing, e.g. {[originals[i] for i in lost[:3]]}", "data")
    several = {i: n for i, n in originals.items() if " " in n}
    single = {i: n for i, n in originals.items() if " " not in n}
    wrong = [(n, have.get(i)) for i, n in several.items() if i in have and have[i] != split(n)]
    report.check(f"{label}: names with several words are split at the first space", have and not wrong,
                 "; ".join(f"{n!r} became {got}" for n, got in wrong[:3]), "data")
    wrong = [(n, have.get(i)) for i, n in single.items() if have.get(i) != (n, "")]
    report.check(f"{label}: one-word names keep the word as first_name and an empty last_name", have and not wrong,
                 "; ".join(f"{n!r} became {got if got else 'missing'}" for n, got in wrong[:3]), "data")
    report.check(f"{label}: orders are untouched and still reference users",
                 rows(db, "orders") == v1["orders"] and foreign_keys(db, "orders") == v1["orders_fk"]
                 and not broken_references(db),
                 f"orders' foreign key is {foreign_keys(db, 'orders')}; broken references: {broken_references(db)[:3]}",
                 "orders")
    return snapshot(db)


def check_v1(report, db, v1, label):
    """The checks that a down migration restored version 1 exactly."""
    report.check(f"{label}: users has exactly the columns of version 1, in order",
                 columns(db, "users") == v1["users_columns"],
                 f"expected {[c[1:] for c in v1['users_columns']]}, got {[c[1:] for c in columns(db, 'users')]}",
                 "schema")
    report.check(f"{label}: users has exactly the indexes of version 1",
                 indexes(db, "users") == v1["users_indexes"],
                 describe_difference(v1["users_indexes"], indexes(db, "users"), "indexes"), "schema")
    names = {r[0]: r[1] for r in v1["users"]}
    got = pairs(db, "SELECT id, name FROM users") or {}
    wrong = [(names[i], got.get(i)) for i in names if got.get(i) != names[i]]
    report.check(f"{label}: every name is restored exactly", not wrong,
                 "; ".join(f"{n!r} came back as {g!r}" for n, g in wrong[:3]) + f" ({len(wrong)} of {len(names)} wrong)",
                 "data")
    current = named_rows(db, "users")
    report.check(f"{label}: the users table holds exactly the rows of version 1", current == v1["users_named"],
                 describe_difference(v1["users_named"], current, "rows"), "data")
    report.check(f"{label}: orders still reference users, with no broken references",
                 foreign_keys(db, "orders") == v1["orders_fk"] and rows(db, "orders") == v1["orders"]
                 and not broken_references(db),
                 f"orders' foreign key is {foreign_keys(db, 'orders')} (expected {v1['orders_fk']}); "
                 f"broken references: {broken_references(db)[:3]}", "references")
    report.check(f"{label}: no tables left behind", tables(db) == v1["tables"],
                 f"tables are {tables(db)}, expected {v1['tables']}", "leftovers")


PROGRESS_STEP = 20  # SQLite virtual machine instructions between two calls of the progress handler


def run_interrupted(db, path, stop_at):
    """Runs a migration file, aborting the statement that is running at the `stop_at`-th call of the progress
    handler (never when None); returns how many calls there were and run_file's error."""
    calls = 0

    def progress():
        nonlocal calls
        calls += 1
        return 1 if stop_at is not None and calls >= stop_at else 0

    db.set_progress_handler(progress, PROGRESS_STEP)
    try:
        error = run_file(db, path)
    finally:
        db.set_progress_handler(None, PROGRESS_STEP)
    return calls, error


def fresh(scratch, name):
    path = os.path.join(scratch, name)
    if os.path.exists(path):
        os.remove(path)
    db = connect(path)
    with open(SEED, encoding="utf-8") as f:
        db.executescript(f.read())
    return db


def check_atomic(report, scratch, up, down):
    """Each migration, interrupted at several points of its work, leaves the database as it was before or as
    it is after: never in between."""
    for which, path in (("up", up), ("down", down)):
        db = fresh(scratch, "full.db")
        if which == "down" and run_file(db, up) is not None:
            report.check(f"atomic {which}: 002_up.sql runs (needed before down)", False, "002_up.sql failed", which)
            db.close()
            continue
        before = snapshot(db)
        total, error = run_interrupted(db, path, None)
        after = snapshot(db)
        db.close()
        if error is not None:
            report.check(f"atomic {which}: 002_{which}.sql runs without error", False, error, which)
            continue
        stops = sorted({max(1, total * n // 8) for n in range(1, 8)})
        half_done = []
        for stop in stops:
            db = fresh(scratch, "cut.db")
            if which == "down":
                run_file(db, up)
            _, error = run_interrupted(db, path, stop)
            state = snapshot(db)
            db.close()
            if error is not None and state not in (before, after):
                half_done.append(f"{100 * stop // max(total, 1)}%")
        report.check(f"atomic {which}: interrupted part-way, 002_{which}.sql leaves the database as before or as after, "
                     "never in between", not half_done,
                     f"interrupted after {', '.join(half_done)} of its work, the migration left the database half-done: "
                     "what ran before the interruption stayed. Wrap it in BEGIN ... COMMIT so that it happens "
                     "completely or not at all", which)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["up", "down", "again", "atomic", "all"])
    parser.add_argument("--only", default=None,
                        help="report only one group of checks: schema, data, orders, references, leftovers, up or down")
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    up = os.path.join(args.submission, "migrations", "002_up.sql")
    down = os.path.join(args.submission, "migrations", "002_down.sql")

    report = Report()
    if args.phase == "atomic":
        with tempfile.TemporaryDirectory(prefix="migration-") as scratch:
            check_atomic(report, scratch, up, down)
        report.emit(args.only)
        return 0
    with tempfile.TemporaryDirectory(prefix="migration-") as scratch:
        db = connect(os.path.join(scratch, "app.db"))
        with open(SEED, encoding="utf-8") as f:
            db.executescript(f.read())
        v1 = snapshot(db)

        phases = ["up", "down", "again"] if args.phase == "all" else [args.phase]
        error = run_file(db, up)
        if "up" in phases:
            report.check("up: 002_up.sql runs without error", error is None, error)
            check_v2(report, db, v1, "up")
        elif error:
            report.check("002_up.sql runs without error (needed before down)", False, error)
        first_up = snapshot(db) if error is None else None

        if not error and ("down" in phases or "again" in phases):
            error = run_file(db, down)
            if "down" in phases:
                report.check("down: 002_down.sql runs without error", error is None, error)
                check_v1(report, db, v1, "down")
            elif error:
                report.check("002_down.sql runs without error (needed before up again)", False, error)

        if "again" in phases and not error:
            error = run_file(db, up)
            report.check("again: 002_up.sql runs again after 002_down.sql", error is None, error)
            second = snapshot(db)
            report.check("again: the schema is the same as after the first up",
                         first_up is not None and (second["users_columns"], second["users_indexes"], second["tables"])
                         == (first_up["users_columns"], first_up["users_indexes"], first_up["tables"]),
                         f"first up: {first_up and [c[1:] for c in first_up['users_columns']]}, "
                         f"again: {[c[1:] for c in second['users_columns']]}", "up")
            report.check("again: the data is the same as after the first up",
                         first_up is not None and second["users"] == first_up["users"] and second["orders"] == first_up["orders"],
                         describe_difference(first_up["users"] if first_up else [], second["users"], "users rows"), "up")
            error = run_file(db, down)
            report.check("again: 002_down.sql runs a second time and restores version 1's data and references",
                         error is None and named_rows(db, "users") == v1["users_named"]
                         and rows(db, "orders") == v1["orders"] and foreign_keys(db, "orders") == v1["orders_fk"]
                         and not broken_references(db),
                         error or "after the second down, the users rows or orders' references differ from version 1", "down")
        db.close()
        if args.phase == "all":
            check_atomic(report, scratch, up, down)
    report.emit(args.only)
    return 0


sys.exit(main())
