-- Known-wrong (todays-price): prices revenue with the product's price today instead of the price on the order line.
-- Paid orders and their revenue per calendar month. Revenue is what the customer paid at the time:
-- quantity times the unit price stored on the order line, not the product's current price.
SELECT strftime('%Y-%m', o.created_at) AS month,
       COUNT(DISTINCT o.id) AS orders,
       SUM(oi.quantity * p.price_cents) AS revenue_cents
FROM orders AS o
JOIN order_items AS oi ON oi.order_id = o.id
JOIN products AS p ON p.id = oi.product_id
WHERE o.status = 'paid'
GROUP BY month
ORDER BY month;
