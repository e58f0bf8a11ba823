CREATE TEMPORARY TABLE orders_tuned (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (
    'connector' = 'kafka',
    'topic' = 'orders',
    'properties.bootstrap.servers' = 'localhost:9092',
    'properties.group.id' = 'reader',
    'properties.auto.offset.reset' = 'earliest',
    'properties.security.protocol' = 'SSL',
    'properties.ssl.truststore.location' = '/tmp/sluice-policy-test/truststore.jks',
    'key.format' = 'raw',
    'key.fields' = 'id',
    'value.format' = 'json',
    'value.json.ignore-parse-errors' = 'true',
    'sink.partitioner' = 'round-robin'
)
