-- code: POLICY_PATH_NOT_ALLOWED
-- position: 4:34
CREATE TABLE copied_clicks WITH ('connector' = 'filesystem', 'format' = 'csv',
                                 'path' = '/etc/sluice') AS SELECT id FROM clicks
