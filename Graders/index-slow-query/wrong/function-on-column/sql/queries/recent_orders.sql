-- Wrong: the right index, but the year is tested with a function of the column, which the index cannot
-- search by: SQLite reads every order of the customer and computes strftime on each.
SELECT id, created_at, status, total_cents
FROM orders
WHERE customer_id = 42
  AND strftime('%Y', created_at) = '2024'
ORDER BY created_at DESC
LIMIT 20;
