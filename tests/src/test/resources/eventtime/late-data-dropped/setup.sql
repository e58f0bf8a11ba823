CREATE TABLE events (
  ts TIMESTAMP(3),
  amount INT,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${dir}/events.csv',
  'format' = 'csv'
);
