-- Wrong: an INNER JOIN, so customers who never ordered disappear from the report instead of showing 0.
SELECT c.id AS customer_id,
       c.name,
       COUNT(o.id) AS order_count
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name
ORDER BY c.id;
