CREATE TABLE impressions (
  impression_id STRING,
  ad_id STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${dir}/impressions.csv',
  'format' = 'csv'
);

-- Plays come in later and less in order than impressions, hence the longer delay.
CREATE TABLE plays (
  play_id STRING,
  ad_id STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '30' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${dir}/plays.csv',
  'format' = 'csv'
);
