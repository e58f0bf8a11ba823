-- trigger: warning at line 3
CREATE TEMPORARY TABLE orders (id INT, ts TIMESTAMP(3)) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE shipments (order_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');
SELECT o.id, s.ts AS shipped_at
FROM orders o JOIN shipments s
  ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;
-- fix
CREATE TEMPORARY TABLE orders (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE shipments (order_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');
SELECT o.id, s.ts AS shipped_at
FROM orders o JOIN shipments s
  ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;
