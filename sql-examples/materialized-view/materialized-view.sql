-- Plays per title, kept current in PostgreSQL: each update of the aggregate is an upsert by the primary key,
-- so replaying the topic (after a failure, or on purpose) rewrites the same rows instead of adding new ones.
CREATE TABLE plays (
  title   STRING,
  user_id STRING,
  ts      TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'title-plays',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset',
  -- Read what is there now and finish; drop this line to keep the view live.
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

CREATE TABLE plays_per_title (
  title STRING,
  plays BIGINT,
  users BIGINT,
  PRIMARY KEY (title) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = '${POSTGRES_URL}',
  'table-name' = '${SCHEMA}.plays_per_title',
  'username' = '${POSTGRES_USER}',
  'password' = '${POSTGRES_PASSWORD}'
);

INSERT INTO plays_per_title
SELECT title, COUNT(*), COUNT(DISTINCT user_id)
FROM plays
GROUP BY title;
