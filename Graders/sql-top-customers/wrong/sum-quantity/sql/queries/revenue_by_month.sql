-- Wrong: sums the quantities (items sold) instead of quantity times unit price (money taken).
SELECT strftime('%Y-%m', o.created_at) AS month,
       COUNT(DISTINCT o.id) AS orders,
       SUM(oi.quantity) AS revenue_cents
FROM orders AS o
JOIN order_items AS oi ON oi.order_id = o.id
WHERE o.status = 'paid'
GROUP BY month
ORDER BY month;
