-- trigger: warning at line 2
CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE) WITH ('connector' = 'datagen');
SELECT id, user_id, amount FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY amount DESC) AS rn FROM orders
) WHERE rn <= 3;
-- fix
SET 'table.exec.state.ttl' = '1 d';
CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE) WITH ('connector' = 'datagen');
SELECT id, user_id, amount FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY amount DESC) AS rn FROM orders
) WHERE rn <= 3;
