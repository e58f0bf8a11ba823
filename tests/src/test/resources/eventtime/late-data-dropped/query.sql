-- The same events as late-data-counted, with a 5 s watermark delay and no allowed lateness. 8 (10:00:30) comes
-- after 10:01:10 has moved the watermark to 10:01:05, and 64 (10:01:55) after 10:02:40 has moved it to 10:02:35:
-- each window has fired by then, so both are dropped and no total includes them.
SELECT window_start, window_end, COUNT(*) AS events, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end
