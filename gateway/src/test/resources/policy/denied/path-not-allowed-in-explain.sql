-- code: POLICY_PATH_NOT_ALLOWED
-- position: 3:43
EXPLAIN SELECT * FROM landing /*+ OPTIONS('path' = '/etc/passwd') */
