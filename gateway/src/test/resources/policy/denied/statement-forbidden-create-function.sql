-- code: POLICY_STATEMENT_FORBIDDEN
-- position: 3:1
CREATE TEMPORARY SYSTEM FUNCTION parse_it AS 'org.apache.flink.table.functions.BuiltInFunctionDefinitions' LANGUAGE JAVA
