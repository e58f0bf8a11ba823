-- code: POLICY_OPTION_FORBIDDEN
-- position: 4:5
CREATE TEMPORARY TABLE store (id BIGINT) WITH ('connector' = 'jdbc', 'table-name' = 'job',
    'url' = 'jdbc:h2:file:/tmp/sluice-policy-test/metadata')
