-- Amounts are powers of two, so each total names the events it counts. alice's 16 (10:00:55) and bob's 128
-- (10:01:50) arrive after the watermark has passed their window's end: no allowed lateness, so they are dropped.
SELECT window_start, window_end, user_name, COUNT(*) AS events, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, user_name
