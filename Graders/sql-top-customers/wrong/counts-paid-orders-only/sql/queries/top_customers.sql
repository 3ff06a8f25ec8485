-- The podium: customers ranked by paid revenue with RANK(), so equal revenue shares a place and the
-- next place is skipped (1, 1, 3). Everyone ranked 3 or better is shown, ties ordered by customer id.
WITH revenue AS (
    SELECT o.customer_id,
           SUM(oi.quantity * oi.unit_price_cents) AS revenue_cents
    FROM orders AS o
    JOIN order_items AS oi ON oi.order_id = o.id
    WHERE o.status = 'paid'
    GROUP BY o.customer_id
),
ranked AS (
    SELECT RANK() OVER (ORDER BY r.revenue_cents DESC) AS rank,
           r.customer_id,
           c.name,
           r.revenue_cents
    FROM revenue AS r
    JOIN customers AS c ON c.id = r.customer_id
)
SELECT rank, customer_id, name, revenue_cents
FROM ranked
WHERE rank <= 3
ORDER BY rank, customer_id;
