-- code: POLICY_PROTECTED_SETTING
-- position: 3:5
SET 'execution.state-recovery.path' = 'file:///tmp/sluice-policy-test/savepoints/savepoint-0000-000000000000'
