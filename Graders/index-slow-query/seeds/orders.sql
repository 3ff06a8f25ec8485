-- 50,000 orders of 500 customers, January 2023 to June 2025.
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

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO customers (id, name) SELECT i, 'Customer ' || i FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO orders (id, customer_id, status, created_at, total_cents)
SELECT i,
       (i * 7919) % 500 + 1,
       CASE WHEN i % 10 = 0 THEN 'cancelled' WHEN i % 7 = 0 THEN 'pending' ELSE 'paid' END,
       datetime(1672531200 + i * 1575 + (i * 37) % 525, 'unixepoch'),
       1000 + (i * 104729) % 90000
FROM n;
