-- Late views, without allowed lateness: the window of sliding-window.sql (distinct users per section over the
-- last hour, every minute) written out per window, and every view that arrives after one of its windows has
-- fired routed, unchanged, to a topic of its own. That topic's record count is the count of late views.
--
-- What Flink does with such a view: the HOP windows it belongs to that have fired stay as they were (no
-- update is ever sent); the windows that have not fired yet still count it. Only a view later than its whole
-- last window (an hour here) is left out of every window.
CREATE TEMPORARY TABLE section_views (
  user_id STRING,
  section STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = 'section-views', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'scan.watermark.emit.strategy' = 'on-event', 'format' = 'json',
  -- Reads up to the topic's current end, then closes every window and finishes; remove to keep the job live.
  'scan.bounded.mode' = 'latest-offset');

CREATE TEMPORARY TABLE section_hours (
  section STRING,
  window_end TIMESTAMP(3),
  users BIGINT,
  view_count BIGINT
) WITH (
  'connector' = 'kafka', 'topic' = 'section-hours', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

CREATE TEMPORARY TABLE late_section_views (
  user_id STRING,
  section STRING,
  ts TIMESTAMP(3),
  watermark_at_arrival TIMESTAMP(3)
) WITH (
  'connector' = 'kafka', 'topic' = 'late-section-views', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

EXECUTE STATEMENT SET BEGIN
  INSERT INTO section_hours
    SELECT section, window_end, COUNT(DISTINCT user_id), COUNT(*)
    FROM TABLE(HOP(TABLE section_views, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))
    GROUP BY section, window_start, window_end;
  -- CURRENT_WATERMARK is the watermark in force when the view arrives (NULL before the first). Flink fires a
  -- window once the watermark reaches its end minus 1 ms, and a view's first window ends at its next whole
  -- minute: so this is exactly "one of its windows had already fired".
  INSERT INTO late_section_views
    SELECT user_id, section, ts, CURRENT_WATERMARK(ts)
    FROM section_views
    WHERE CURRENT_WATERMARK(ts) >= FLOOR(ts TO MINUTE) + INTERVAL '59.999' SECOND;
END;
