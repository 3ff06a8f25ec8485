-- Orders with several lines, all at today's prices.
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
(1, 'Omar Khalil', 'omar@example.com', 'LB', '2024-01-01 08:00:00'),
(2, 'Priya Sharma', 'priya@example.com', 'IN', '2024-01-02 08:00:00');

INSERT INTO products VALUES
(1, 'KB-101', 'Mechanical keyboard', 'peripherals', 8900),
(2, 'MS-220', 'Wireless mouse', 'peripherals', 2900),
(3, 'MN-270', '27-inch monitor', 'displays', 27900),
(4, 'CB-USB', 'USB-C cable', 'accessories', 1200),
(5, 'HD-500', 'Noise-cancelling headphones', 'audio', 19900);

INSERT INTO orders VALUES
(1, 2, 'paid', '2024-04-02 10:00:00'),
(2, 1, 'paid', '2024-04-09 10:00:00'),
(3, 2, 'paid', '2024-05-01 10:00:00'),
(4, 1, 'paid', '2024-05-02 10:00:00');

INSERT INTO order_items VALUES
(1, 1, 1, 2, 8900),
(2, 1, 2, 1, 2900),
(3, 1, 3, 2, 27900),
(4, 2, 4, 1, 1200),
(5, 3, 2, 1, 2900),
(6, 3, 5, 2, 19900),
(7, 4, 1, 2, 8900),
(8, 4, 2, 1, 2900),
(9, 4, 3, 2, 27900),
(10, 4, 4, 1, 1200),
(11, 4, 5, 2, 19900);
