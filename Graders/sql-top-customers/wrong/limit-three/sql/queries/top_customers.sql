-- Wrong: ranks correctly but cuts the list with LIMIT 3, dropping a customer who shares third place.
WITH revenue AS (
    SELECT o.customer_id,
           SUM(oi.quantity * oi.unit_price_cents) AS revenue_cents
    FROM orders AS o
    JOIN order_items AS oi ON oi.order_id = o.id
    WHERE o.status = 'paid'
    GROUP BY o.customer_id
)
SELECT RANK() OVER (ORDER BY r.revenue_cents DESC) AS rank,
       r.customer_id,
       c.name,
       r.revenue_cents
FROM revenue AS r
JOIN customers AS c ON c.id = r.customer_id
ORDER BY rank, r.customer_id
LIMIT 3;
