CREATE TABLE events (
  ts TIMESTAMP(3),
  user_name STRING,
  amount INT,
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${dir}/events.csv',
  'format' = 'csv'
);
