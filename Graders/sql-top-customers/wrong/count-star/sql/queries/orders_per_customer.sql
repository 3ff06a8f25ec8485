-- Wrong: LEFT JOIN with COUNT(*), which counts the all-NULL row of a customer without orders as 1.
SELECT c.id AS customer_id,
       c.name,
       COUNT(*) AS order_count
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name
ORDER BY c.id;
