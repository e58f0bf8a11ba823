-- code: POLICY_HOST_NOT_ALLOWED
-- position: 4:5
CREATE TEMPORARY TABLE store (id BIGINT) WITH ('connector' = 'jdbc', 'table-name' = 'orders',
    'url' = 'jdbc:postgresql://10.0.0.7:5432/shop')
