-- trigger: warning at line 4
CREATE TEMPORARY TABLE users (user_id INT, name STRING) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE users_per_name (name STRING, users BIGINT, PRIMARY KEY (name) NOT ENFORCED) WITH (
  'connector' = 'upsert-kafka', 'topic' = 'users_per_name', 'properties.bootstrap.servers' = 'localhost:9092', 'key.format' = 'json', 'value.format' = 'json');
INSERT INTO users_per_name
SELECT name, COUNT(*) FROM users GROUP BY user_id, name;
-- fix
CREATE TEMPORARY TABLE users (user_id INT, name STRING) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE users_per_name (name STRING, users BIGINT, PRIMARY KEY (name) NOT ENFORCED) WITH (
  'connector' = 'upsert-kafka', 'topic' = 'users_per_name', 'properties.bootstrap.servers' = 'localhost:9092', 'key.format' = 'json', 'value.format' = 'json');
INSERT INTO users_per_name
SELECT name, COUNT(*) FROM users GROUP BY name;
