-- Two-minute windows every minute, so each click counts in two windows. erin (10:00:45) arrives when the
-- watermark is 10:02:30: both of her windows have fired and she is dropped, so she is in no count.
SELECT window_start, window_end, COUNT(DISTINCT user_name) AS users, COUNT(*) AS clicks
FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '2' MINUTE))
GROUP BY window_start, window_end
