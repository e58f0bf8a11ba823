INSERT INTO clicks_per_window
SELECT window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '60' MINUTE))
GROUP BY window_start, window_end
