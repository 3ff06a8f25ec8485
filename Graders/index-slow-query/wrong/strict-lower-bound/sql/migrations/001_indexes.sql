-- One composite index serves the whole query: equality on customer_id first, then the range on
-- created_at. Within one customer the entries are already sorted by created_at, so SQLite can walk the
-- range backwards and stop after 20 rows: no table scan and no sort.
CREATE INDEX IF NOT EXISTS idx_orders_customer_created ON orders (customer_id, created_at);
