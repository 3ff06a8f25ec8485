-- The same months in two different years.
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
(1, 'Ines Ferreira', 'ines@example.com', 'PT', '2022-12-01 08:00:00'),
(2, 'Liam Murphy', 'liam@example.com', 'IE', '2022-12-02 08:00:00');

INSERT INTO products VALUES
(1, 'KB-101', 'Mechanical keyboard', 'peripherals', 8900),
(2, 'MS-220', 'Wireless mouse', 'peripherals', 2900),
(3, 'MN-270', '27-inch monitor', 'displays', 27900);

INSERT INTO orders VALUES
(1, 2, 'paid', '2023-01-05 10:00:00'),
(2, 1, 'paid', '2023-01-20 10:00:00'),
(3, 2, 'paid', '2023-06-30 23:59:59'),
(4, 1, 'paid', '2024-01-05 10:00:00'),
(5, 2, 'paid', '2024-06-01 00:00:00'),
(6, 1, 'paid', '2024-06-15 12:00:00'),
(7, 2, 'paid', '2024-12-31 23:59:59');

INSERT INTO order_items VALUES
(1, 1, 1, 1, 8900),
(2, 2, 2, 1, 2900),
(3, 3, 3, 1, 27900),
(4, 4, 2, 1, 2900),
(5, 5, 1, 1, 8900),
(6, 6, 1, 1, 8900),
(7, 7, 3, 1, 27900);
