-- code: POLICY_PATH_NOT_ALLOWED
-- position: 3:80
CREATE TEMPORARY TABLE secrets (line STRING) WITH ('connector' = 'filesystem', 'path' = 'etc', 'format' = 'csv')
