-- code: POLICY_STATE_TTL_TOO_LONG
-- position: 3:5
SET 'table.exec.state.ttl' = '0'
