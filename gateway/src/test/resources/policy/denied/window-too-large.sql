-- code: POLICY_WINDOW_TOO_LARGE
-- position: 5:12
INSERT INTO clicks_per_window
SELECT window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '2' HOUR))
GROUP BY window_start, window_end
