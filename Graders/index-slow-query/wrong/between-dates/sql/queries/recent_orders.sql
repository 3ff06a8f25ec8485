-- Wrong: BETWEEN with bare dates. '2024-12-31 18:30:00' sorts after '2024-12-31', so every order placed
-- on the last day of the year is left out.
SELECT id, created_at, status, total_cents
FROM orders
WHERE customer_id = 42
  AND created_at BETWEEN '2024-01-01' AND '2024-12-31'
ORDER BY created_at DESC
LIMIT 20;
