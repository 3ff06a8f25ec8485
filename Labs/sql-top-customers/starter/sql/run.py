"""Try your SQL by hand: python3 run.py QUERY.sql [--seed tests/seed.sql] [--setup FILE.sql ...] [--plan]

Creates a fresh in-memory SQLite database, runs the seed (the sample data in tests/), then any --setup
files in order, then your query; prints the column names and the rows, and with --plan the query plan
SQLite chose (EXPLAIN QUERY PLAN). The graders do the same with their own, larger data.
"""
import argparse
import sqlite3
import sys
import time


def main():
    parser = argparse.ArgumentParser(description="Run a query against a fresh database seeded with sample data.")
    parser.add_argument("query", help="the .sql file holding one SELECT statement")
    parser.add_argument("--seed", default="tests/seed.sql", help="SQL that creates and fills the tables (default: tests/seed.sql)")
    parser.add_argument("--setup", action="append", default=[], help="SQL run after the seed and before the query, e.g. a migration")
    parser.add_argument("--plan", action="store_true", help="also print EXPLAIN QUERY PLAN")
    args = parser.parse_args()

    db = sqlite3.connect(":memory:")
    try:
        for path in [args.seed, *args.setup]:
            with open(path, encoding="utf-8") as f:
                db.executescript(f.read())
        with open(args.query, encoding="utf-8") as f:
            query = f.read()
        started = time.perf_counter()
        cursor = db.execute(query)
        rows = cursor.fetchall()
        elapsed = time.perf_counter() - started
    except (OSError, sqlite3.Error) as error:
        sys.exit(f"error: {error}")

    print(" | ".join(column[0] for column in cursor.description or []))
    for row in rows:
        print(" | ".join("NULL" if value is None else str(value) for value in row))
    print(f"({len(rows)} rows, {elapsed * 1000:.2f} ms)")
    if args.plan:
        print("\nquery plan:")
        for _, parent, _, detail in db.execute("EXPLAIN QUERY PLAN " + query):
            print(("  " if parent else "") + detail)


main()
