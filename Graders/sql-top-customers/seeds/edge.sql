-- Month boundaries, cancelled and pending orders, changed prices.
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

INSERT INTO customers VALUES
(1, 'Ada Lovelace', 'ada@example.com', 'GB', '2023-11-02 10:00:00'),
(2, 'Alan Turing', 'alan@example.com', 'GB', '2023-11-03 11:00:00'),
(3, 'Grace Hopper', 'grace@example.com', 'US', '2023-11-04 12:00:00'),
(4, 'Edsger Dijkstra', 'edsger@example.com', 'NL', '2023-11-05 13:00:00'),
(5, 'Barbara Liskov', 'barbara@example.com', 'US', '2023-11-06 14:00:00');

INSERT INTO products VALUES
(1, 'KB-101', 'Mechanical keyboard', 'peripherals', 8900),
(2, 'MS-220', 'Wireless mouse', 'peripherals', 2900),
(3, 'MN-270', '27-inch monitor', 'displays', 27900),
(4, 'CB-USB', 'USB-C cable', 'accessories', 1200);

INSERT INTO orders VALUES
(1, 1, 'paid', '2023-12-31 23:59:59'),
(2, 2, 'paid', '2024-01-01 00:00:00'),
(3, 1, 'paid', '2024-01-15 12:30:00'),
(4, 3, 'cancelled', '2024-02-10 08:00:00'),
(5, 3, 'pending', '2024-02-11 09:00:00'),
(6, 2, 'paid', '2024-03-01 00:00:01'),
(7, 1, 'cancelled', '2024-03-31 23:59:59'),
(8, 4, 'cancelled', '2024-03-05 10:00:00');

INSERT INTO order_items VALUES
(1, 1, 1, 2, 8900),
(2, 1, 4, 10, 1200),
(3, 2, 3, 1, 25900),
(4, 3, 2, 3, 2900),
(5, 3, 1, 1, 9400),
(6, 4, 3, 1, 27900),
(7, 5, 1, 1, 8900),
(8, 6, 4, 7, 1100),
(9, 6, 2, 1, 2900),
(10, 7, 3, 2, 27900),
(11, 8, 1, 4, 8900);
