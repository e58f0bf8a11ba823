-- code: POLICY_PATH_NOT_ALLOWED
-- position: 5:5
CREATE TEMPORARY TABLE landed (id BIGINT, dt STRING) PARTITIONED BY (dt) WITH (
    'connector' = 'filesystem', 'path' = '/tmp/sluice-policy-test/landed', 'format' = 'csv',
    'sink.partition-commit.success-file.name' = '../../../../etc/cron.d/x'
)
