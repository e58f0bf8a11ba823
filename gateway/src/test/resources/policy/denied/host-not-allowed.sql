-- code: POLICY_HOST_NOT_ALLOWED
-- position: 5:5
CREATE TEMPORARY TABLE metadata (line STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (
    'connector' = 'kafka', 'topic' = 'latest', 'format' = 'raw',
    'properties.bootstrap.servers' = '169.254.169.254:80'
)
