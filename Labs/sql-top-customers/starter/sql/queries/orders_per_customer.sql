-- Stage 1: every customer exactly once, with the number of orders they placed (any status).
-- Columns: customer_id, name, order_count. Sorted by customer_id.
--
-- TODO: this lists the customers but never looks at the orders table. Join the orders in so that
--       a customer who never ordered still appears, with 0.
SELECT id AS customer_id,
       name,
       0 AS order_count
FROM customers
ORDER BY id;
