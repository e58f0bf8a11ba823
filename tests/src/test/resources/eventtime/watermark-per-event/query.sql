-- Events 50-100 ms apart, watermark = event time. 8 (10:00:00.990) comes after 10:00:01.050 has moved the
-- watermark past the end of the first second, so it is dropped - but only if the watermark follows every event
-- ('pipeline.auto-watermark-interval' = '0 ms'). On Flink's default 200 ms timer the watermark moves only when
-- the timer fires, and the first second would count 8 or not depending on timing: a session that lost that
-- setting fails this case.
SELECT window_start, window_end, COUNT(*) AS events, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY window_start, window_end
