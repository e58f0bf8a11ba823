-- code: POLICY_CONNECTOR_NOT_ALLOWED
-- position: 3:50
CREATE TEMPORARY TABLE printed (id BIGINT) WITH ('connector'=' Print ')
