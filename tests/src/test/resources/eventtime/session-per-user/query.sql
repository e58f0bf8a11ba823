-- A session closes after one minute without events of its user; SESSION windows run in streaming mode only.
-- alice's 32 (10:01:10) arrives when the watermark is 10:02:20: her own one-minute session would end at 10:02:10,
-- which the watermark has passed, so she is dropped rather than reopening the session that already fired.
SELECT user_name, window_start, window_end, COUNT(*) AS events, SUM(amount) AS total
FROM TABLE(SESSION(TABLE events PARTITION BY user_name, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY user_name, window_start, window_end
