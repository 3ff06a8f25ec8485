-- The "recent orders" panel of the customer page: customer 42's 20 most recent orders placed in 2024,
-- newest first. The results are right; it is the speed that is wrong.
--
-- TODO: once the index exists, make sure this query can actually use it for the year too, without
--       changing which rows come back.
SELECT id, created_at, status, total_cents
FROM orders
WHERE customer_id = 42
  AND strftime('%Y', created_at) = '2024'
ORDER BY created_at DESC
LIMIT 20;
