-- Known-wrong (counts-paid-orders-only): counts only paid orders, but pending and cancelled orders are orders too.
-- Every customer once, with how many orders they placed (any status). LEFT JOIN keeps customers
-- without orders; COUNT(o.id) counts only matched orders, so they get 0 rather than 1.
SELECT c.id AS customer_id,
       c.name,
       COUNT(o.id) AS order_count
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id AND o.status = 'paid'
GROUP BY c.id, c.name
ORDER BY c.id;
