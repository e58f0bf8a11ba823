-- Late views, with allowed lateness: the same hourly windows, sliding by a minute, kept 2 minutes past their end.
-- A view that arrives within those 2 minutes updates every fired window it belongs to; the sink therefore
-- receives updates, and is an upsert topic keyed by section and window.
--
-- Flink 2.2 offers allowed lateness in SQL only through these experimental options, and only for the older
-- GROUP BY HOP(...) window syntax: a window table function (FROM TABLE(HOP(...))) with them set is refused
-- ("window table function based aggregate doesn't support early-fire and late-fire configuration").
SET 'table.exec.emit.late-fire.enabled' = 'true';
-- 0 s: a window is fired again at every late view; longer delays batch the updates.
SET 'table.exec.emit.late-fire.delay' = '0 s';
SET 'table.exec.emit.allow-lateness' = '2 min';

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

CREATE TEMPORARY TABLE section_hours_updated (
  section STRING,
  window_end TIMESTAMP(3),
  users BIGINT,
  view_count BIGINT,
  PRIMARY KEY (section, window_end) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka', 'topic' = 'section-hours-updated', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'key.format' = 'json', 'value.format' = 'json');

INSERT INTO section_hours_updated
SELECT section, HOP_END(ts, INTERVAL '1' MINUTE, INTERVAL '1' HOUR), COUNT(DISTINCT user_id), COUNT(*)
FROM section_views
GROUP BY section, HOP(ts, INTERVAL '1' MINUTE, INTERVAL '1' HOUR);
