-- Two different customers with the same name.
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
(1, 'Sam Lee', 'sam.lee@example.com', 'US', '2024-01-01 08:00:00'),
(2, 'Ana Costa', 'ana@example.com', 'PT', '2024-01-02 08:00:00'),
(3, 'Sam Lee', 'sam.lee.2@example.com', 'GB', '2024-01-03 08:00:00'),
(4, 'Sam Leeds', 'sam.leeds@example.com', 'GB', '2024-01-04 08:00:00'),
(5, 'Bo Chen', 'bo@example.com', 'CN', '2024-01-05 08:00:00');

INSERT INTO products VALUES
(1, 'GC-10', 'Gift card 10', 'gift-cards', 1000);

INSERT INTO orders VALUES
(1, 1, 'paid', '2024-03-01 12:00:00'),
(2, 2, 'paid', '2024-03-02 12:00:00'),
(3, 3, 'paid', '2024-03-03 12:00:00'),
(4, 1, 'paid', '2024-03-04 12:00:00'),
(5, 4, 'paid', '2024-03-05 12:00:00'),
(6, 5, 'pending', '2024-03-06 12:00:00'),
(7, 3, 'cancelled', '2024-03-07 12:00:00');

INSERT INTO order_items VALUES
(1, 1, 1, 2, 1000),
(2, 2, 1, 4, 1000),
(3, 3, 1, 2, 1000),
(4, 4, 1, 1, 1000),
(5, 5, 1, 1, 1000),
(6, 6, 1, 9, 1000),
(7, 7, 1, 6, 1000);
