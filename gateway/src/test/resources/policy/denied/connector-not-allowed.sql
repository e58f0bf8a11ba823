-- code: POLICY_CONNECTOR_NOT_ALLOWED
-- position: 4:5
CREATE TEMPORARY TABLE printed (id BIGINT) WITH (
    'connector' = 'print'
)
