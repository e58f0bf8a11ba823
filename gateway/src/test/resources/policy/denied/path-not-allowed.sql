-- code: POLICY_PATH_NOT_ALLOWED
-- position: 5:5
CREATE TEMPORARY TABLE secrets (line STRING) WITH (
    'connector' = 'filesystem',
    'path' = '/tmp/sluice-policy-test/../../etc',
    'format' = 'csv'
)
