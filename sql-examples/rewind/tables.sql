-- Plays per title and minute. Run this first in the session that runs counts-v1.sql, counts-v2.sql or
-- restate-period.sql. The plays topic's record timestamps are the plays' own times (the producer sets them), which
-- is what lets a restatement start and end at a point in time.
CREATE TEMPORARY TABLE plays (
  user_id STRING,
  title STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = 'plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'properties.group.id' = 'rewind-example', 'scan.startup.mode' = 'earliest-offset',
  'scan.watermark.emit.strategy' = 'on-event', 'format' = 'json');

CREATE TEMPORARY TABLE plays_per_minute (
  title STRING,
  minute_start TIMESTAMP(3),
  plays BIGINT,
  PRIMARY KEY (title, minute_start) NOT ENFORCED
) WITH (
  'connector' = 'jdbc', 'url' = '${POSTGRES_URL}', 'table-name' = '${SCHEMA}.plays_per_minute',
  'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}');

-- Restated figures go to a table of their own, to be compared with the live ones before they replace them.
CREATE TEMPORARY TABLE plays_per_minute_restated (
  title STRING,
  minute_start TIMESTAMP(3),
  plays BIGINT,
  PRIMARY KEY (title, minute_start) NOT ENFORCED
) WITH (
  'connector' = 'jdbc', 'url' = '${POSTGRES_URL}', 'table-name' = '${SCHEMA}.plays_per_minute_restated',
  'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}');
