-- Paid orders and their revenue per calendar month. Revenue is what the customer paid at the time:
-- quantity times the unit price stored on the order line, not the product's current price.
SELECT strftime('%Y-%m', o.created_at) AS month,
       COUNT(DISTINCT o.id) AS orders,
       SUM(oi.quantity * oi.unit_price_cents) AS revenue_cents
FROM orders AS o
JOIN order_items AS oi ON oi.order_id = o.id
WHERE o.status = 'paid'
GROUP BY month
ORDER BY month;
