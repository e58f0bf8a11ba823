-- trigger: error at line 3
CREATE TEMPORARY TABLE clicks (url STRING, ts TIMESTAMP(3), user_id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
CREATE TEMPORARY TABLE click_archive (url STRING, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');
INSERT INTO click_archive
SELECT * FROM clicks;
-- fix
CREATE TEMPORARY TABLE clicks (url STRING, ts TIMESTAMP(3), user_id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
CREATE TEMPORARY TABLE click_archive (url STRING, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');
INSERT INTO click_archive
SELECT url, ts FROM clicks;
