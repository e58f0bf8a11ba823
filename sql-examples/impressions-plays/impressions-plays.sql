-- Impressions x plays: which share of the titles shown to users were played within 10 minutes (the take rate),
-- per title and hour, from two Kafka topics whose records arrive out of order. Plays that follow no impression are
-- not dropped: they go to their own topic and are counted per hour. One job, one read of each topic.
--
-- Every join here is an interval join on event time, so its state holds only the rows that can still match (10
-- minutes of impressions and plays, plus the out-of-orderness) and timers clear the rest as the watermark passes:
-- the state stays flat however long the job runs. A regular join would keep every impression forever.
CREATE TEMPORARY TABLE impressions (
  impression_id STRING,
  user_id STRING,
  title STRING,
  ts TIMESTAMP(3),
  -- Records arrive up to 30 s out of order; 'on-event' emits a watermark after every record, so which rows are
  -- late depends on the data alone.
  WATERMARK FOR ts AS ts - INTERVAL '30' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = 'impressions', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'scan.watermark.emit.strategy' = 'on-event', 'format' = 'json',
  -- Reads up to the topics' current end, then closes every window and finishes; remove to keep the job live.
  'scan.bounded.mode' = 'latest-offset');

CREATE TEMPORARY TABLE plays (
  user_id STRING,
  title STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '30' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = 'plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'scan.watermark.emit.strategy' = 'on-event', 'format' = 'json',
  'scan.bounded.mode' = 'latest-offset');

-- Take rate per title and hour of the impression, upserted by key.
CREATE TEMPORARY TABLE take_rates (
  title STRING,
  hour_start TIMESTAMP(3),
  impressions BIGINT,
  taken BIGINT,
  take_rate DOUBLE,
  PRIMARY KEY (title, hour_start) NOT ENFORCED
) WITH (
  'connector' = 'jdbc', 'url' = '${POSTGRES_URL}', 'table-name' = '${SCHEMA}.take_rates',
  'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}');

-- Plays with no impression of the same title to the same user in the 10 minutes before: one record each.
CREATE TEMPORARY TABLE orphan_plays (
  user_id STRING,
  title STRING,
  ts TIMESTAMP(3)
) WITH (
  'connector' = 'kafka', 'topic' = 'orphan-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

-- How many of them per hour.
CREATE TEMPORARY TABLE orphan_plays_per_hour (
  hour_start TIMESTAMP(3),
  plays BIGINT,
  PRIMARY KEY (hour_start) NOT ENFORCED
) WITH (
  'connector' = 'jdbc', 'url' = '${POSTGRES_URL}', 'table-name' = '${SCHEMA}.orphan_plays_per_hour',
  'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}');

-- Each impression with the plays it led to, or once with play_ts NULL when none came within 10 minutes (emitted as
-- soon as the plays' watermark passes the impression's time plus 10 minutes). The interval join keeps ts an
-- event-time attribute, so the hourly window below can close on it.
CREATE TEMPORARY VIEW impression_outcomes AS
SELECT i.impression_id, i.title, i.ts, p.ts AS play_ts
FROM impressions AS i
LEFT JOIN plays AS p
  ON p.user_id = i.user_id AND p.title = i.title
 AND p.ts BETWEEN i.ts AND i.ts + INTERVAL '10' MINUTE;

CREATE TEMPORARY VIEW plays_without_impression AS
SELECT p.user_id, p.title, p.ts
FROM plays AS p
LEFT JOIN impressions AS i
  ON i.user_id = p.user_id AND i.title = p.title
 AND i.ts BETWEEN p.ts - INTERVAL '10' MINUTE AND p.ts
WHERE i.impression_id IS NULL;

EXECUTE STATEMENT SET
BEGIN
  -- An impression that led to two plays is counted once, hence the distinct counts.
  INSERT INTO take_rates
  SELECT title, window_start,
         COUNT(DISTINCT impression_id),
         COUNT(DISTINCT impression_id) FILTER (WHERE play_ts IS NOT NULL),
         ROUND(CAST(COUNT(DISTINCT impression_id) FILTER (WHERE play_ts IS NOT NULL) AS DOUBLE)
               / COUNT(DISTINCT impression_id), 3)
  FROM TABLE(TUMBLE(TABLE impression_outcomes, DESCRIPTOR(ts), INTERVAL '1' HOUR))
  GROUP BY title, window_start, window_end;

  INSERT INTO orphan_plays SELECT user_id, title, ts FROM plays_without_impression;

  INSERT INTO orphan_plays_per_hour
  SELECT window_start, COUNT(*)
  FROM TABLE(TUMBLE(TABLE plays_without_impression, DESCRIPTOR(ts), INTERVAL '1' HOUR))
  GROUP BY window_start, window_end;
END;
