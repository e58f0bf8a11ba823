-- code: POLICY_WINDOW_TOO_LARGE
-- position: 4:12
SELECT window_start, COUNT(*)
FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' MINUTE, INTERVAL '61' MINUTE))
GROUP BY window_start, window_end
