-- Wrong: an index on customer_id alone finds the customer's orders, but they come out in no useful
-- order, so SQLite must collect and sort them all (a temporary B-tree) before it can take 20.
CREATE INDEX IF NOT EXISTS idx_orders_customer ON orders (customer_id);
