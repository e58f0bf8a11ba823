-- Plays reshaped on the way through by a JavaScript function from the catalog: the player's raw device string
-- becomes a platform, the duration whole seconds, and fields nobody downstream reads are dropped. platform_of is
-- reloadable: publishing a new version changes what this running job computes within seconds, with no restart.
CREATE TEMPORARY TABLE raw_plays (
  user_id STRING,
  title STRING,
  device STRING,
  duration_ms BIGINT,
  player_build STRING,
  ts TIMESTAMP(3)
) WITH (
  'connector' = 'kafka', 'topic' = 'raw-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'properties.group.id' = 'script-udf-example', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');

CREATE TEMPORARY TABLE plays_by_platform (
  user_id STRING,
  title STRING,
  platform STRING,
  seconds BIGINT,
  ts TIMESTAMP(3)
) WITH (
  'connector' = 'kafka', 'topic' = 'plays-by-platform', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

INSERT INTO plays_by_platform
SELECT user_id, title, platform_of(device), duration_ms / 1000, ts
FROM raw_plays
WHERE duration_ms IS NOT NULL;
