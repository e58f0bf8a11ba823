-- code: POLICY_STATEMENT_FORBIDDEN
-- position: 3:1
CREATE CATALOG elsewhere WITH ('type' = 'generic_in_memory')
