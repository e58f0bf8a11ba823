-- code: POLICY_WATERMARK_REQUIRED
-- position: 3:24
CREATE TEMPORARY TABLE orders (id BIGINT, ts TIMESTAMP(3)) WITH (
    'connector' = 'kafka',
    'topic' = 'orders',
    'properties.bootstrap.servers' = 'localhost:9092',
    'format' = 'json'
)
