CREATE TABLE clicks (
  ts TIMESTAMP(3),
  user_name STRING,
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${dir}/events.csv',
  'format' = 'csv'
);
