CREATE TABLE clicks (
    id BIGINT,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen', 'number-of-rows' = '10');

CREATE TABLE clicks_per_window (window_start TIMESTAMP(3), n BIGINT) WITH ('connector' = 'blackhole');

CREATE TABLE landing (id BIGINT) WITH (
    'connector' = 'filesystem', 'path' = '/tmp/sluice-policy-test/landing', 'format' = 'csv');

CREATE VIEW two_hour_windows AS
SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '2' HOUR))
GROUP BY window_start, window_end;
