-- trigger: warning at line 2
CREATE TEMPORARY TABLE plays (user_id STRING, country_code STRING, seconds INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
SELECT user_id, seconds, country_name(country_code) AS country
FROM plays;
-- fix
CREATE TEMPORARY TABLE plays (user_id STRING NOT NULL, country_code STRING, seconds INT NOT NULL) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
SELECT user_id, seconds, country_name(country_code) AS country
FROM plays;
