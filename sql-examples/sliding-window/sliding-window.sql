-- Distinct users per section over the last hour, recomputed every minute (HOP windows of 1 hour sliding by 1
-- minute), and every page view enriched with the figure of the window it falls in: one output per input. The
-- windows are an hour long but the job runs for weeks: its state holds one hour of slices per section plus the
-- views waiting for their window, so it stays bounded however long the job runs.
CREATE TEMPORARY TABLE section_views (
  user_id STRING,
  section STRING,
  ts TIMESTAMP(3),
  -- Views arrive up to 5 s out of order. 'on-event': a watermark after every view, not on a 200 ms timer, so
  -- which views are late depends on the data alone.
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = 'section-views', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'scan.watermark.emit.strategy' = 'on-event', 'format' = 'json',
  -- Reads up to the topic's current end, then closes every window and finishes; remove to keep the job live.
  'scan.bounded.mode' = 'latest-offset');

CREATE TEMPORARY TABLE section_views_enriched (
  user_id STRING,
  section STRING,
  ts TIMESTAMP(3),
  hour_end TIMESTAMP(3),
  hour_users BIGINT,
  hour_views BIGINT
) WITH (
  'connector' = 'kafka', 'topic' = 'section-views-enriched', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

-- window_time (window_end minus 1 ms) stays an event-time attribute, which is what lets the join below be an
-- interval join, whose state the watermark clears, rather than a regular join that keeps every row forever.
CREATE TEMPORARY VIEW section_hours AS
SELECT section, window_end, window_time, COUNT(DISTINCT user_id) AS users, COUNT(*) AS view_count
FROM TABLE(HOP(TABLE section_views, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))
GROUP BY section, window_start, window_end, window_time;

-- A view at ts lies in 60 windows; "its" window is the first to close after it: the hour ending at the next whole
-- minute. That window always holds the view itself, so every view finds exactly one match.
INSERT INTO section_views_enriched
SELECT v.user_id, v.section, v.ts, h.window_end, h.users, h.view_count
FROM section_views AS v
JOIN section_hours AS h
  ON v.section = h.section
 AND h.window_end = FLOOR(v.ts TO MINUTE) + INTERVAL '1' MINUTE
 AND h.window_time BETWEEN v.ts AND v.ts + INTERVAL '1' MINUTE;
