-- The demo's tables and its windowed job, sent to the gateway as one script when `./sluice demo` starts.
-- Impressions and plays arrive up to ~8 s out of order; the watermark waits 5 s, so a few are late and dropped.
CREATE TABLE impressions (
  impression_id STRING,
  user_id STRING,
  title STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = 'impressions', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');

CREATE TABLE plays (
  impression_id STRING,
  user_id STRING,
  title STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = 'plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');

-- The job's output, one record per title and window; read it live with SELECT * FROM title_minutes.
CREATE TABLE title_minutes (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  title STRING,
  impressions BIGINT,
  plays BIGINT,
  users BIGINT
) WITH (
  'connector' = 'kafka', 'topic' = 'title-minutes', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');

-- Both feeds as one stream of events; a window table function reads a table or view by name.
CREATE VIEW title_events AS
SELECT 'impression' AS kind, user_id, title, ts FROM impressions
UNION ALL
SELECT 'play' AS kind, user_id, title, ts FROM plays;

-- The last minute of each title, every 10 seconds; each window closes some 6 s after its end (the watermark
-- waits 5 s for out-of-order events).
INSERT INTO title_minutes
SELECT window_start, window_end, title,
  COUNT(*) FILTER (WHERE kind = 'impression'), COUNT(*) FILTER (WHERE kind = 'play'), COUNT(DISTINCT user_id)
FROM TABLE(HOP(TABLE title_events, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, title;
