-- code: POLICY_PROTECTED_SETTING
-- position: 3:5
SET 'rest.port' = '8081'
