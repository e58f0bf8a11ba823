-- trigger: warning at line 3
CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE users (user_id INT, name STRING) WITH ('connector' = 'datagen');
SELECT o.id, u.name
FROM orders o JOIN users u ON o.user_id = u.user_id;
-- fix
SET 'table.exec.state.ttl' = '1 h';
CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE users (user_id INT, name STRING) WITH ('connector' = 'datagen');
SELECT o.id, u.name
FROM orders o JOIN users u ON o.user_id = u.user_id;
