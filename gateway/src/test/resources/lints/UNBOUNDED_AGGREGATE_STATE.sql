-- trigger: warning at line 2
CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE) WITH ('connector' = 'datagen');
SELECT user_id, SUM(amount) AS total
FROM orders
GROUP BY user_id;
-- fix
CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE) WITH ('connector' = 'datagen');
SELECT /*+ STATE_TTL('orders' = '1d') */ user_id, SUM(amount) AS total
FROM orders
GROUP BY user_id;
