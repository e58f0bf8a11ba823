-- code: POLICY_PATH_NOT_ALLOWED
-- position: 4:5
CREATE TEMPORARY TABLE secrets (line STRING) WITH ('connector' = 'filesystem', 'format' = 'csv',
    'path' = 'file:///tmp/sluice-policy-test/%2e%2e/secrets')
