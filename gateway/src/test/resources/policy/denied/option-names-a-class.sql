-- code: POLICY_OPTION_FORBIDDEN
-- position: 5:5
CREATE TEMPORARY TABLE landed (id BIGINT, dt STRING) PARTITIONED BY (dt) WITH (
    'connector' = 'filesystem', 'path' = '/tmp/sluice-policy-test/landed', 'format' = 'csv',
    'sink.partition-commit.policy.class' = 'org.example.CommitPolicy'
)
