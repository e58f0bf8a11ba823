-- code: POLICY_OPTION_FORBIDDEN
-- position: 5:5
CREATE TEMPORARY TABLE orders_out (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (
    'connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json',
    'properties.interceptor.classes' = 'org.example.Spy'
)
