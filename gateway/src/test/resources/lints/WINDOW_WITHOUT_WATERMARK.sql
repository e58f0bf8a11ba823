-- trigger: error at line 3
CREATE TEMPORARY TABLE clicks (url STRING, ts TIMESTAMP(3)) WITH ('connector' = 'datagen');
SELECT window_start, url, COUNT(*) AS clicks_per_minute
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, url;
-- fix
CREATE TEMPORARY TABLE clicks (url STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');
SELECT window_start, url, COUNT(*) AS clicks_per_minute
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, url;
