-- code: POLICY_STATEMENT_FORBIDDEN
-- position: 3:1
add /* just a comment */
    Jar '/tmp/sluice-policy-test/udf.jar'
