-- 5,000 orders plus some exactly at the end of 2024.
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

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO orders (id, customer_id, status, created_at, total_cents)
SELECT i,
       (i * 7919) % 500 + 1,
       CASE WHEN i % 10 = 0 THEN 'cancelled' WHEN i % 7 = 0 THEN 'pending' ELSE 'paid' END,
       datetime(1672531200 + i * 15750 + (i * 37) % 5250, 'unixepoch'),
       1000 + (i * 104729) % 90000
FROM n;

-- Customer 42's orders on both sides of the end of 2024.
INSERT INTO orders (id, customer_id, status, created_at, total_cents) VALUES
    (900001, 42, 'pending',   '2024-12-31 00:00:00', 1111),
    (900002, 42, 'paid',      '2024-12-31 23:59:59', 2222),
    (900003, 42, 'paid',      '2025-01-01 00:00:00', 3333);
