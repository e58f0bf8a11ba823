CREATE TABLE customers (
  customer_id STRING,
  name STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${dir}/customers.csv',
  'format' = 'csv'
);

CREATE TABLE orders (
  order_id STRING,
  customer_id STRING,
  amount INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${dir}/orders.csv',
  'format' = 'csv'
);
