-- Wrong: indexes the column the query sorts by, not the one it looks up by. SQLite walks a whole year of
-- everybody's orders through this index and checks each one's customer.
CREATE INDEX IF NOT EXISTS idx_orders_created ON orders (created_at);
