-- Stage 2: paid orders and revenue (in cents) per calendar month.
-- Columns: month ('YYYY-MM'), orders, revenue_cents. Oldest month first; months with nothing paid are left out.
--
-- TODO: this counts every order, whatever its status, and has no revenue yet. Bring in the order
--       lines and add up what was paid for them.
SELECT strftime('%Y-%m', created_at) AS month,
       COUNT(*) AS orders,
       0 AS revenue_cents
FROM orders
GROUP BY month
ORDER BY month;
