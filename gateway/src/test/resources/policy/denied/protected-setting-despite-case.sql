-- code: POLICY_PROTECTED_SETTING
-- position: 3:5
SET 'Pipeline.JARS' = 'file:///tmp/sluice-policy-test/udf.jar'
