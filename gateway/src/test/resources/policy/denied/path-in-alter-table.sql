-- code: POLICY_PATH_NOT_ALLOWED
-- position: 3:26
ALTER TABLE landing SET ('path' = '/etc')
