-- code: POLICY_PATH_NOT_ALLOWED
-- position: 3:35
SELECT * FROM landing /*+ OPTIONS('path' = '/etc') */
