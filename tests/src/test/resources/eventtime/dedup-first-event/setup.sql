CREATE TABLE order_events (
  order_id STRING,
  status STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${dir}/events.csv',
  'format' = 'csv'
);
