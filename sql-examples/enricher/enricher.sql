-- Plays enriched with their title's name from PostgreSQL, through the catalog's enrichment function title_name:
-- a per-task cache answers repeated keys (an entry older than 30 s is served once more and reloaded in the
-- background, so a renamed title shows within about 30 s), and a rate limiter keeps the database from being
-- flooded when the cache is cold. An id the table lacks gets the fallback, 'unknown title'. A play without a user or
-- title id comes out with '' there, not NULL: Flink 2.2 drops the NULLs of columns passed beside an asynchronous call
-- (the lint ASYNC_CALL_LOSES_NULLS in docs/lints.md warns of it).
CREATE TEMPORARY TABLE plays (
  user_id STRING,
  title_id STRING,
  ts TIMESTAMP(3)
) WITH (
  'connector' = 'kafka', 'topic' = 'plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'properties.group.id' = 'enricher-example', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');

CREATE TEMPORARY TABLE plays_with_titles (
  user_id STRING,
  title_id STRING,
  title STRING,
  ts TIMESTAMP(3)
) WITH (
  'connector' = 'kafka', 'topic' = 'plays-with-titles', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

INSERT INTO plays_with_titles
SELECT user_id, title_id, title_name(title_id), ts
FROM plays;
