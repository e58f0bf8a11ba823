-- code: POLICY_PROTECTED_SETTING
-- position: 3:5
SET 'state.backend.type' = 'org.example.StateBackendFactory'
