-- code: POLICY_STATEMENT_FORBIDDEN
-- position: 3:1
ADD JAR '/tmp/sluice-policy-test/udf.jar'
