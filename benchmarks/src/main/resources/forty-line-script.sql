-- Revenue per region and minute: three tables with watermarks and a windowed INSERT.
CREATE TABLE orders (
  order_id     BIGINT,
  customer_id  BIGINT,
  amount       DECIMAL(10, 2),
  order_time   TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '1000'
);
CREATE TABLE customers (
  customer_id  BIGINT,
  region       STRING,
  updated_at   TIMESTAMP(3),
  WATERMARK FOR updated_at AS updated_at - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen'
);
CREATE TABLE revenue_per_region (
  region       STRING,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  revenue      DECIMAL(20, 2),
  orders       BIGINT,
  event_time   TIMESTAMP(3),
  WATERMARK FOR event_time AS event_time
) WITH (
  'connector' = 'blackhole'
);
INSERT INTO revenue_per_region
SELECT c.region, o.window_start, o.window_end,
       SUM(o.amount) AS revenue, COUNT(*) AS orders, MAX(o.window_time) AS event_time
FROM TABLE(
       TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE)
     ) AS o
JOIN customers AS c
  ON o.customer_id = c.customer_id
WHERE o.amount > 0
GROUP BY c.region, o.window_start, o.window_end;
