-- code: POLICY_PATH_NOT_ALLOWED
-- position: 3:40
CREATE TEMPORARY TABLE passwords WITH ('path' = '/etc/passwd') LIKE landing
