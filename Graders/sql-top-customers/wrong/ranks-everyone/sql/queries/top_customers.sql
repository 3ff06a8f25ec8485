-- Known-wrong (ranks-everyone): ranks every customer, with 0 revenue for those who paid nothing, so they can take third place.
-- The podium: customers ranked by paid revenue with RANK(), so equal revenue shares a place and the
-- next place is skipped (1, 1, 3). Everyone ranked 3 or better is shown, ties ordered by customer id.
WITH revenue AS (
    SELECT c.id AS customer_id,
           COALESCE(SUM(CASE WHEN o.status = 'paid' THEN oi.quantity * oi.unit_price_cents END), 0) AS revenue_cents
    FROM customers AS c
    LEFT JOIN orders AS o ON o.customer_id = c.id
    LEFT JOIN order_items AS oi ON oi.order_id = o.id
    GROUP BY c.id
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
