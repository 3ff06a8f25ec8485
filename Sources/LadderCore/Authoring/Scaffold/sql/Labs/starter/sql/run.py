"""Try a query by hand: python3 run.py QUERY.sql [SEED.sql] (default seed: tests/seed.sql)."""
import sqlite3
import sys


def main():
    query_file = sys.argv[1]
    seed_file = sys.argv[2] if len(sys.argv) > 2 else "tests/seed.sql"
    db = sqlite3.connect(":memory:")
    with open(seed_file, encoding="utf-8") as f:
        db.executescript(f.read())
    with open(query_file, encoding="utf-8") as f:
        for row in db.execute(f.read()):
            print(row)


if __name__ == "__main__":
    main()
