-- Stage 3: the podium: customers ranked by the revenue of their paid orders, places 1 to 3.
-- Columns: rank, customer_id, name, revenue_cents. Sorted by rank, then customer_id.
--
-- TODO: compute each customer's revenue, rank the customers (customers with equal revenue share a
--       place) and keep everyone placed 1 to 3.
SELECT 1 AS rank,
       id AS customer_id,
       name,
       0 AS revenue_cents
FROM customers
ORDER BY id
LIMIT 3;
