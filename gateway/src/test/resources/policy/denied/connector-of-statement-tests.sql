-- code: POLICY_CONNECTOR_NOT_ALLOWED
-- position: 4:5
CREATE TABLE planted (id INT) WITH (
    'connector' = 'sluice-test-rows', 'rows' = ''
)
