-- A few customers and orders to try your queries on.
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
(1, 'Noor Haddad', 'noor@example.com', 'LB', '2024-01-03 09:00:00'),
(2, 'Tomas Berg', 'tomas@example.com', 'SE', '2024-01-05 10:00:00'),
(3, 'Aiko Sato', 'aiko@example.com', 'JP', '2024-02-01 11:00:00'),
(4, 'Pedro Alves', 'pedro@example.com', 'PT', '2024-02-07 12:00:00');

INSERT INTO products VALUES
(1, 'KB-101', 'Mechanical keyboard', 'peripherals', 8900),
(2, 'MS-220', 'Wireless mouse', 'peripherals', 2900),
(3, 'MN-270', '27-inch monitor', 'displays', 27900);

INSERT INTO orders VALUES
(1, 1, 'paid', '2024-01-10 14:00:00'),
(2, 2, 'paid', '2024-01-20 15:30:00'),
(3, 1, 'paid', '2024-02-02 09:15:00'),
(4, 3, 'paid', '2024-02-14 18:45:00'),
(5, 1, 'paid', '2024-03-01 08:00:00');

INSERT INTO order_items VALUES
(1, 1, 1, 1, 8900),
(2, 2, 2, 1, 2900),
(3, 3, 3, 1, 27900),
(4, 4, 1, 1, 8900),
(5, 4, 2, 1, 2900),
(6, 5, 2, 1, 2900);
