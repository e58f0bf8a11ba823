-- code: POLICY_PROTECTED_SETTING
-- position: 3:5
SET 'execution.checkpointing.dir' = 'file:///tmp/sluice-policy-test/checkpoints'
