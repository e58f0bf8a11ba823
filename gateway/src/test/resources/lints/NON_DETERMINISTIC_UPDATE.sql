-- trigger: warning at line 3
CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE order_counts (user_id INT, orders BIGINT, tag STRING) WITH ('connector' = 'blackhole');
INSERT INTO order_counts
SELECT user_id, orders, UUID() AS tag
FROM (SELECT user_id, COUNT(*) AS orders FROM orders GROUP BY user_id);
-- fix
CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE order_counts (user_id INT, orders BIGINT, tag STRING) WITH ('connector' = 'blackhole');
INSERT INTO order_counts
SELECT user_id, orders, CAST(user_id AS STRING) AS tag
FROM (SELECT user_id, COUNT(*) AS orders FROM orders GROUP BY user_id);
