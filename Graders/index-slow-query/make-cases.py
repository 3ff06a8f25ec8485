"""Writes the seeds and expected rows of index-slow-query, hidden (seeds/, expected/) and visible
(Labs/index-slow-query/tests/seed.sql and expected.json).

Each seed creates the tables and fills them with a recursive CTE inside SQLite, so the files stay a few
lines long while the orders table has tens of thousands of rows. Expected rows come from the reference
and are checked against the same answer computed in Python.
Run from anywhere: python3 Graders/index-slow-query/make-cases.py
"""
import json
import os
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "index-slow-query", "tests")
REFERENCE = os.path.join(HERE, "reference", "sql")

SCHEMA = """\
CREATE TABLE customers (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    status      TEXT NOT NULL,                 -- 'paid', 'pending' or 'cancelled'
    created_at  TEXT NOT NULL,                 -- 'YYYY-MM-DD HH:MM:SS', UTC
    total_cents INTEGER NOT NULL
);
"""


def generated(orders, customers, step, note, extra=""):
    """Orders spread evenly over customers, every `step` seconds from 2023-01-01 with a little jitter
    that never reorders them, so no two orders share a timestamp."""
    return f"""-- {note}
{SCHEMA}
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {customers})
INSERT INTO customers (id, name) SELECT i, 'Customer ' || i FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {orders})
INSERT INTO orders (id, customer_id, status, created_at, total_cents)
SELECT i,
       (i * 7919) % {customers} + 1,
       CASE WHEN i % 10 = 0 THEN 'cancelled' WHEN i % 7 = 0 THEN 'pending' ELSE 'paid' END,
       datetime(1672531200 + i * {step} + (i * 37) % {step // 3}, 'unixepoch'),
       1000 + (i * 104729) % 90000
FROM n;
{extra}"""


BOUNDARY_ROWS = """
-- Customer 42's orders on both sides of the year's edges.
INSERT INTO orders (id, customer_id, status, created_at, total_cents) VALUES
    (900001, 42, 'paid',      '2023-12-31 23:59:59', 1111),
    (900002, 42, 'paid',      '2024-01-01 00:00:00', 2222),
    (900003, 42, 'pending',   '2024-12-31 00:00:00', 3333),
    (900004, 42, 'paid',      '2024-12-31 23:59:59', 4444),
    (900005, 42, 'cancelled', '2025-01-01 00:00:00', 5555),
    (900006, 43, 'paid',      '2024-06-15 12:00:00', 6666);
"""

START_ROWS = """
-- Customer 42's orders on both sides of the start of 2024.
INSERT INTO orders (id, customer_id, status, created_at, total_cents) VALUES
    (900001, 42, 'paid',      '2023-12-31 23:59:59', 1111),
    (900002, 42, 'paid',      '2024-01-01 00:00:00', 2222),
    (900003, 42, 'cancelled', '2024-01-01 00:00:01', 3333);
"""

END_ROWS = """
-- Customer 42's orders on both sides of the end of 2024.
INSERT INTO orders (id, customer_id, status, created_at, total_cents) VALUES
    (900001, 42, 'pending',   '2024-12-31 00:00:00', 1111),
    (900002, 42, 'paid',      '2024-12-31 23:59:59', 2222),
    (900003, 42, 'paid',      '2025-01-01 00:00:00', 3333);
"""

SEEDS = {
    # 50,000 orders from January 2023 to June 2025: customer 42 has 100, about 40 of them in 2024.
    "orders": generated(50000, 500, 1575, "50,000 orders of 500 customers, January 2023 to June 2025."),
    # Few orders per customer, so the oldest orders of 2024 are inside the 20 newest.
    "boundaries": generated(5000, 500, 15750, "5,000 orders plus some exactly at the edges of 2024.", BOUNDARY_ROWS),
    # One edge of the year each, so a test says which edge a query gets wrong.
    "year-start": generated(5000, 500, 15750, "5,000 orders plus some exactly at the start of 2024.", START_ROWS),
    "year-end": generated(5000, 500, 15750, "5,000 orders plus some exactly at the end of 2024.", END_ROWS),
    "visible": generated(20000, 200, 3940, "20,000 orders of 200 customers, January 2023 to June 2025."),
}


def independent(db):
    rows = db.execute("SELECT id, created_at, status, total_cents FROM orders WHERE customer_id = 42").fetchall()
    in_2024 = [list(r) for r in rows if r[1].startswith("2024-")]
    in_2024.sort(key=lambda r: r[1], reverse=True)
    return in_2024[:20]


def main():
    os.makedirs(os.path.join(HERE, "seeds"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    with open(os.path.join(REFERENCE, "migrations", "001_indexes.sql")) as f:
        migration = f.read()
    with open(os.path.join(REFERENCE, "queries", "recent_orders.sql")) as f:
        query = f.read()
    for name, text in SEEDS.items():
        path = os.path.join(VISIBLE, "seed.sql") if name == "visible" else os.path.join(HERE, "seeds", f"{name}.sql")
        with open(path, "w") as f:
            f.write(text)
        db = sqlite3.connect(":memory:")
        db.executescript(text)
        truth = independent(db)
        db.executescript(migration)
        got = [list(r) for r in db.execute(query)]
        assert got == truth, f"{name}: reference {got} != independent {truth}"
        plan = " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + query))
        total = db.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
        print(f"{name}: {total} orders, {len(got)} rows, plan: {plan}")
        target = os.path.join(VISIBLE, "expected.json") if name == "visible" else os.path.join(HERE, "expected", f"{name}.json")
        with open(target, "w") as f:
            f.write("[\n" + ",\n".join("  " + json.dumps(r) for r in got) + "\n]\n")


main()
