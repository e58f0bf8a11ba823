CREATE TEMPORARY TABLE landed (id BIGINT) WITH (
    'connector' = 'filesystem',
    'path' = 'file:///tmp/sluice-policy-test/out/../landing',
    'format' = 'csv'
)
