"""Writes the seeds and expected rows of sql-top-customers, hidden (seeds/, expected/) and visible
(Labs/sql-top-customers/tests/seed.sql).

The data is made here with a fixed random seed. Expected rows come from the reference queries and are
checked against the same numbers computed independently in Python, so a bug in a reference query
cannot become the expected answer. Run from anywhere: python3 Graders/sql-top-customers/make-cases.py
"""
import json
import os
import random
import sqlite3
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "sql-top-customers", "tests")
REFERENCE = os.path.join(HERE, "reference", "sql", "queries")

SCHEMA = """\
-- An online shop's order database (SQLite). Money is stored in integer cents.
-- The foreign keys are enforced: every order belongs to a customer, every line to an order and a product.
PRAGMA foreign_keys = ON;
CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    country    TEXT NOT NULL,
    created_at TEXT NOT NULL              -- 'YYYY-MM-DD HH:MM:SS', UTC
);
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    price_cents INTEGER NOT NULL          -- today's price; orders keep the price they were sold at
);
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    status      TEXT NOT NULL CHECK (status IN ('paid', 'pending', 'cancelled')),
    created_at  TEXT NOT NULL             -- 'YYYY-MM-DD HH:MM:SS', UTC
);
CREATE TABLE order_items (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders(id),
    product_id       INTEGER NOT NULL REFERENCES products(id),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL     -- the price this line was sold at
);
"""

PRODUCTS = [
    ("KB-101", "Mechanical keyboard", "peripherals", 8900),
    ("MS-220", "Wireless mouse", "peripherals", 2900),
    ("MN-270", "27-inch monitor", "displays", 27900),
    ("CB-USB", "USB-C cable", "accessories", 1200),
    ("HD-500", "Noise-cancelling headphones", "audio", 19900),
    ("WC-HD", "HD webcam", "peripherals", 5900),
    ("DK-ST", "Standing desk", "furniture", 39900),
    ("CH-ER", "Ergonomic chair", "furniture", 32900),
    ("LP-ST", "Laptop stand", "accessories", 3900),
    ("SSD-1T", "1 TB external SSD", "storage", 10900),
]

FIRST = ["Amara", "Bjorn", "Chen", "Dalia", "Emeka", "Farah", "Giulia", "Hiro", "Ines", "Jonas", "Kavya", "Liam",
         "Mei", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena",
         "Yusuf", "Zoe"]
LAST = ["Okafor", "Lindqvist", "Wang", "Haddad", "Eze", "Rahman", "Rossi", "Tanaka", "Ferreira", "Becker",
        "Iyer", "Murphy", "Lin", "Petrova", "Khalil", "Sharma", "Dubois", "Garcia", "Nilsson", "Aziz"]
COUNTRIES = ["NG", "SE", "CN", "LB", "BD", "IT", "JP", "PT", "DE", "IN", "IE", "FR", "ES", "US"]


def sql_text(value):
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def dump(customers, products, orders, items, note):
    out = [f"-- {note}", SCHEMA]
    for table, rows in (("customers", customers), ("products", products), ("orders", orders), ("order_items", items)):
        if rows:
            values = ",\n".join("(" + ", ".join(sql_text(v) for v in row) + ")" for row in rows)
            out.append(f"INSERT INTO {table} VALUES\n{values};\n")
    return "\n".join(out)


def product_rows(count=len(PRODUCTS)):
    return [(i + 1, *PRODUCTS[i]) for i in range(count)]


def shop():
    """About a year of a small shop: 36 customers, some who never ordered, some whose only orders were cancelled."""
    rng = random.Random(2024)
    products = product_rows()
    customers = []
    names = set()
    while len(customers) < 36:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in names:
            continue
        names.add(name)
        cid = len(customers) + 1
        email = name.lower().replace(" ", ".") + "@example.com"
        day = rng.randrange(0, 300)
        customers.append((cid, name, email, rng.choice(COUNTRIES), f"2023-{1 + day // 28:02d}-{1 + day % 28:02d} 09:{cid:02d}:00"))
    never = {5, 12, 19, 27, 33}           # signed up, never ordered
    only_cancelled = {8, 30}
    orders, items = [], []
    for month in range(1, 13):
        for _ in range(rng.randrange(8, 16)):
            cid = rng.choice([c[0] for c in customers if c[0] not in never])
            status = rng.choices(["paid", "pending", "cancelled"], weights=[80, 8, 12])[0]
            if cid in only_cancelled:
                status = "cancelled"
            oid = len(orders) + 1
            when = f"2024-{month:02d}-{rng.randrange(1, 29):02d} {rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}:{rng.randrange(0, 60):02d}"
            orders.append((oid, cid, status, when))
            for product in rng.sample(products, rng.choice([1, 1, 1, 2, 2, 3])):
                # Prices drift over the year: what the order line says is what was paid.
                price = product[4] + rng.choice([0, 0, 0, -500, 300])
                items.append((len(items) + 1, oid, product[0], rng.choice([1, 1, 1, 2, 3, 5]), price))
    orders.sort(key=lambda o: o[0])
    return customers, products, orders, items


def edge():
    """Month boundaries, cancelled and pending orders, a month with nothing paid, prices that changed."""
    products = product_rows(4)
    customers = [
        (1, "Ada Lovelace", "ada@example.com", "GB", "2023-11-02 10:00:00"),
        (2, "Alan Turing", "alan@example.com", "GB", "2023-11-03 11:00:00"),
        (3, "Grace Hopper", "grace@example.com", "US", "2023-11-04 12:00:00"),
        (4, "Edsger Dijkstra", "edsger@example.com", "NL", "2023-11-05 13:00:00"),
        (5, "Barbara Liskov", "barbara@example.com", "US", "2023-11-06 14:00:00"),
    ]
    orders = [
        (1, 1, "paid", "2023-12-31 23:59:59"),
        (2, 2, "paid", "2024-01-01 00:00:00"),
        (3, 1, "paid", "2024-01-15 12:30:00"),
        (4, 3, "cancelled", "2024-02-10 08:00:00"),   # February has nothing paid
        (5, 3, "pending", "2024-02-11 09:00:00"),
        (6, 2, "paid", "2024-03-01 00:00:01"),
        (7, 1, "cancelled", "2024-03-31 23:59:59"),
        (8, 4, "cancelled", "2024-03-05 10:00:00"),   # Edsger only ever cancelled
    ]
    items = [
        (1, 1, 1, 2, 8900),
        (2, 1, 4, 10, 1200),
        (3, 2, 3, 1, 25900),     # sold below today's price
        (4, 3, 2, 3, 2900),
        (5, 3, 1, 1, 9400),      # sold above today's price
        (6, 4, 3, 1, 27900),
        (7, 5, 1, 1, 8900),
        (8, 6, 4, 7, 1100),
        (9, 6, 2, 1, 2900),
        (10, 7, 3, 2, 27900),
        (11, 8, 1, 4, 8900),
    ]
    return customers, products, orders, items


def ties(shape):
    """Customers whose revenues tie; ids are handed out so that name order and id order differ."""
    products = [(1, "GC-10", "Gift card 10", "gift-cards", 1000)]
    names = ["Yara Quist", "Bram Stoker", "Mina Harker", "Lucy Westenra", "Arthur Holmwood", "Jonathan Harker"]
    customers = [(i + 1, n, n.split()[0].lower() + "@example.com", "GB", f"2024-01-0{i + 1} 08:00:00") for i, n in enumerate(names)]
    if shape == "third":
        # Revenue in units of 10.00: 5, 4, then 3 for customers 2 and 5 (whose names sort the other way), 1.
        # Customer 6 never ordered.
        spend = {1: [3, 2], 2: [3], 3: [4], 4: [1], 5: [2, 1]}
    else:
        # A tie at the top, customers 3 and 6 (names sort the other way): 5, 5, then 4, 3, 2, 1.
        spend = {1: [2], 2: [3], 3: [2, 2, 1], 4: [1], 5: [4], 6: [5]}
    orders, items = [], []
    for cid, amounts in spend.items():
        for units in amounts:
            oid = len(orders) + 1
            orders.append((oid, cid, "paid", f"2024-02-{oid:02d} 12:00:00"))
            items.append((len(items) + 1, oid, 1, units, 1000))
    # A big cancelled order that must not count.
    orders.append((len(orders) + 1, 5, "cancelled", "2024-02-27 12:00:00"))
    items.append((len(items) + 1, len(orders), 1, 50, 1000))
    return customers, products, orders, items


def namesakes():
    """Two customers share a name (and a third has a similar one): they are different customers."""
    products = [(1, "GC-10", "Gift card 10", "gift-cards", 1000)]
    customers = [
        (1, "Sam Lee", "sam.lee@example.com", "US", "2024-01-01 08:00:00"),
        (2, "Ana Costa", "ana@example.com", "PT", "2024-01-02 08:00:00"),
        (3, "Sam Lee", "sam.lee.2@example.com", "GB", "2024-01-03 08:00:00"),
        (4, "Sam Leeds", "sam.leeds@example.com", "GB", "2024-01-04 08:00:00"),
        (5, "Bo Chen", "bo@example.com", "CN", "2024-01-05 08:00:00"),
    ]
    # Revenue in units of 10.00: Sam Lee (1) 3, Ana 4, Sam Lee (3) 2, Sam Leeds 1, Bo 0 (one pending order).
    # Together the two Sam Lees would have 5 and take first place.
    spend = [(1, "paid", 2), (2, "paid", 4), (3, "paid", 2), (1, "paid", 1), (4, "paid", 1), (5, "pending", 9),
             (3, "cancelled", 6)]
    orders, items = [], []
    for cid, status, units in spend:
        oid = len(orders) + 1
        orders.append((oid, cid, status, f"2024-03-{oid:02d} 12:00:00"))
        items.append((len(items) + 1, oid, 1, units, 1000))
    return customers, products, orders, items


def years():
    """The same months of two years: January 2023 and January 2024 are different months. Every order has one
    line, of quantity 1, at today's price, so only the month grouping can go wrong."""
    products = product_rows(3)
    customers = [(1, "Ines Ferreira", "ines@example.com", "PT", "2022-12-01 08:00:00"),
                 (2, "Liam Murphy", "liam@example.com", "IE", "2022-12-02 08:00:00")]
    dated = [("2023-01-05 10:00:00", 1), ("2023-01-20 10:00:00", 2), ("2023-06-30 23:59:59", 3),
             ("2024-01-05 10:00:00", 2), ("2024-06-01 00:00:00", 1), ("2024-06-15 12:00:00", 1),
             ("2024-12-31 23:59:59", 3)]
    orders, items = [], []
    for when, product in dated:
        oid = len(orders) + 1
        orders.append((oid, 1 + oid % 2, "paid", when))
        items.append((len(items) + 1, oid, product, 1, products[product - 1][4]))
    return customers, products, orders, items


def order_lines():
    """Orders of several lines, every line at today's price: an order is counted once, however many lines."""
    products = product_rows(5)
    customers = [(1, "Omar Khalil", "omar@example.com", "LB", "2024-01-01 08:00:00"),
                 (2, "Priya Sharma", "priya@example.com", "IN", "2024-01-02 08:00:00")]
    baskets = [("2024-04-02 10:00:00", [1, 2, 3]), ("2024-04-09 10:00:00", [4]), ("2024-05-01 10:00:00", [2, 5]),
               ("2024-05-02 10:00:00", [1, 2, 3, 4, 5])]
    orders, items = [], []
    for when, basket in baskets:
        oid = len(orders) + 1
        orders.append((oid, 1 + oid % 2, "paid", when))
        for product in basket:
            items.append((len(items) + 1, oid, product, 1 + product % 2, products[product - 1][4]))
    return customers, products, orders, items


def visible():
    products = product_rows(3)
    customers = [
        (1, "Noor Haddad", "noor@example.com", "LB", "2024-01-03 09:00:00"),
        (2, "Tomas Berg", "tomas@example.com", "SE", "2024-01-05 10:00:00"),
        (3, "Aiko Sato", "aiko@example.com", "JP", "2024-02-01 11:00:00"),
        (4, "Pedro Alves", "pedro@example.com", "PT", "2024-02-07 12:00:00"),
    ]
    orders = [
        (1, 1, "paid", "2024-01-10 14:00:00"),
        (2, 2, "paid", "2024-01-20 15:30:00"),
        (3, 1, "paid", "2024-02-02 09:15:00"),
        (4, 3, "paid", "2024-02-14 18:45:00"),
        (5, 1, "paid", "2024-03-01 08:00:00"),
    ]
    items = [
        (1, 1, 1, 1, 8900),
        (2, 2, 2, 1, 2900),
        (3, 3, 3, 1, 27900),
        (4, 4, 1, 1, 8900),
        (5, 4, 2, 1, 2900),
        (6, 5, 2, 1, 2900),
    ]
    return customers, products, orders, items


def independent(customers, orders, items):
    """The three answers, computed without SQL."""
    count = defaultdict(int)
    for o in orders:
        count[o[1]] += 1
    per_customer = [[c[0], c[1], count[c[0]]] for c in sorted(customers)]
    status = {o[0]: o[2] for o in orders}
    month = {o[0]: o[3][:7] for o in orders}
    owner = {o[0]: o[1] for o in orders}
    rev_month, orders_month, rev_customer = defaultdict(int), defaultdict(set), defaultdict(int)
    for _, oid, _, qty, price in items:
        if status[oid] == "paid":
            rev_month[month[oid]] += qty * price
            orders_month[month[oid]].add(oid)
            rev_customer[owner[oid]] += qty * price
    by_month = [[m, len(orders_month[m]), rev_month[m]] for m in sorted(rev_month)]
    names = {c[0]: c[1] for c in customers}
    ranked = sorted(rev_customer.items(), key=lambda kv: (-kv[1], kv[0]))
    top = []
    for i, (cid, revenue) in enumerate(ranked):
        rank = 1 + sum(1 for _, r in ranked if r > revenue)
        if rank <= 3:
            top.append([rank, cid, names[cid], revenue])
    return {"orders_per_customer": per_customer, "revenue_by_month": by_month, "top_customers": top}


def main():
    os.makedirs(os.path.join(HERE, "seeds"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    datasets = {
        "shop": (shop(), "A year of a small online shop."),
        "edge": (edge(), "Month boundaries, cancelled and pending orders, changed prices."),
        "ties-third": (ties("third"), "Two customers tie for third place."),
        "ties-first": (ties("first"), "Two customers tie for first place."),
        "namesakes": (namesakes(), "Two different customers with the same name."),
        "years": (years(), "The same months in two different years."),
        "order-lines": (order_lines(), "Orders with several lines, all at today's prices."),
        "visible": (visible(), "A few customers and orders to try your queries on."),
    }
    for name, (data, note) in datasets.items():
        # The README's facts about the data, which make two of the reference's joins equivalent to LEFT JOINs
        # (equivalent-mutants.toml): every order has one or more lines, and (enforced by the seed's
        # PRAGMA foreign_keys = ON, so the executescript below fails otherwise) every order's customer exists.
        lined = {item[1] for item in data[3]}
        assert all(o[0] in lined for o in data[2]), f"{name}: an order without lines, which the README rules out"
        text = dump(*data, note)
        path = os.path.join(VISIBLE, "seed.sql") if name == "visible" else os.path.join(HERE, "seeds", f"{name}.sql")
        with open(path, "w") as f:
            f.write(text)
        db = sqlite3.connect(":memory:")
        db.executescript(text)
        truth = independent(data[0], data[2], data[3])
        for query, rows in truth.items():
            with open(os.path.join(REFERENCE, f"{query}.sql")) as f:
                got = [list(r) for r in db.execute(f.read())]
            assert got == rows, f"{name}/{query}: reference {got} != independent {rows}"
            if name != "visible":
                with open(os.path.join(HERE, "expected", f"{name}-{query}.json"), "w") as f:
                    f.write("[\n" + ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n")
        ranks = [r[0] for r in truth["top_customers"]]
        print(f"{name}: {len(data[0])} customers, {len(data[2])} orders, {len(data[3])} lines; top ranks {ranks}")


main()
