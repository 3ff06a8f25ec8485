-- Known-wrong (half-range): replaces only the start of the year with a range and keeps strftime for the end, so the index narrows only one side.
-- Customer 42's most recent orders of 2024, newest first. The year is a half-open range on the bare
-- column (from the first instant of 2024 up to, not including, the first instant of 2025), so the
-- index on (customer_id, created_at) can be searched instead of every row being tested.
SELECT id, created_at, status, total_cents
FROM orders
WHERE customer_id = 42
  AND created_at >= '2024-01-01 00:00:00'
  AND strftime('%Y', created_at) = '2024'
ORDER BY created_at DESC
LIMIT 20;
