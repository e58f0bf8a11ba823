-- Running totals that grow by one minute up to three. 16 (10:00:50) is late for the window ending 10:01, which
-- has fired, but not for the two longer windows, which still count it. 128 (10:02:40) arrives when the watermark
-- is 10:03:20: every window holding it has fired, so it is dropped.
SELECT window_start, window_end, COUNT(*) AS sales, SUM(amount) AS total
FROM TABLE(CUMULATE(TABLE sales, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '3' MINUTE))
GROUP BY window_start, window_end
