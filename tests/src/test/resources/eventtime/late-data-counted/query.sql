-- The same events as late-data-dropped, with a 2 minute watermark delay: the watermark never gets past
-- 10:00:40 while events arrive, so no window fires before the end of the input, 8 and 64 are on time and
-- counted, and every window fires on the final watermark.
SELECT window_start, window_end, COUNT(*) AS events, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end
