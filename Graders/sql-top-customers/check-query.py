"""Checks what the sql tests cannot say about a learner's query: python3 check-query.py CHECK QUERY [--submission DIR]

CHECK is
  columns         the result's column names are the README's, in its order (compared ignoring case), on every
                  hidden seed;
  every-customer  every customer appears exactly once (only the customer_id column is looked at, so a wrong
                  count does not fail this check, a missing or repeated customer does).
QUERY is the file's name under DIR/queries/ without .sql (DIR defaults to /submission). The query runs on
fresh in-memory databases seeded from seeds/, read the way the sql tests read it. Reports JSON.
"""
import argparse
import json
import os
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = {
    "orders_per_customer": ["customer_id", "name", "order_count"],
    "revenue_by_month": ["month", "orders", "revenue_cents"],
    "top_customers": ["rank", "customer_id", "name", "revenue_cents"],
}
SEEDS = ["shop", "edge", "ties-third", "ties-first", "namesakes", "years", "order-lines"]


def run(submission, query, seed):
    """Returns (column names, rows, customer ids in the seed) or raises with SQLite's message."""
    db = sqlite3.connect(":memory:")
    with open(os.path.join(HERE, "seeds", f"{seed}.sql"), encoding="utf-8") as f:
        db.executescript(f.read())
    with open(os.path.join(submission, "queries", f"{query}.sql"), encoding="utf-8") as f:
        text = f.read().strip().rstrip(";").strip()
    cursor = db.execute(text)
    rows = cursor.fetchall()
    names = [d[0] for d in cursor.description or []]
    customers = [row[0] for row in db.execute("SELECT id FROM customers ORDER BY id")]
    return names, rows, customers


def check_columns(submission, query):
    want = COLUMNS[query]
    tests = []
    for seed in SEEDS:
        name = f"{query}.sql names its columns {', '.join(want)} ({seed} data)"
        try:
            names, _, _ = run(submission, query, seed)
        except (OSError, sqlite3.Error) as error:
            tests.append({"name": name, "passed": False, "message": f"the query did not run: {error}"})
            continue
        ok = [n.lower() for n in names] == want
        message = "" if ok else (f"the result's columns are {', '.join(names) or 'none'}; name them "
                                 f"{', '.join(want)}, in that order, with AS where a column is an expression")
        tests.append({"name": name, "passed": ok, "message": message})
    return tests


def check_every_customer(submission, query):
    tests = []
    for seed in ["edge", "shop"]:
        name = f"every customer appears exactly once ({seed} data)"
        try:
            names, rows, customers = run(submission, query, seed)
        except (OSError, sqlite3.Error) as error:
            tests.append({"name": name, "passed": False, "message": f"the query did not run: {error}"})
            continue
        got = sorted(row[0] for row in rows if row)
        missing = sorted(set(customers) - set(got))
        repeated = sorted({c for c in got if got.count(c) > 1})
        message = ""
        if missing:
            message = f"customers {missing[:10]} are missing from the result (the first column, customer_id)"
        elif repeated:
            message = f"customers {repeated[:10]} appear more than once"
        elif got != customers:
            message = f"the first column holds ids that are not customers: {sorted(set(got) - set(customers))[:10]}"
        tests.append({"name": name, "passed": not message, "message": message})
    return tests


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("check", choices=["columns", "every-customer"])
    parser.add_argument("query", choices=sorted(COLUMNS))
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    submission = os.path.abspath(args.submission)
    if args.check == "columns":
        tests = check_columns(submission, args.query)
    else:
        tests = check_every_customer(submission, args.query)
    print(json.dumps({"tests": tests}))


main()
