-- Router, one job: the topic is read once and each row goes to every sink whose filter it passes.
-- If one sink is down, the whole job fails and restarts: every path stalls together.
CREATE TABLE events (
  kind    STRING,
  user_id STRING,
  title   STRING,
  ts      TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'events',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

CREATE TABLE impressions_out (user_id STRING, title STRING, ts TIMESTAMP(3)) WITH (
  'connector' = 'kafka', 'topic' = 'impressions', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

CREATE TABLE plays_out (user_id STRING, title STRING, ts TIMESTAMP(3)) WITH (
  'connector' = 'kafka', 'topic' = 'plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

CREATE TABLE signups_out (user_id STRING, ts TIMESTAMP(3), PRIMARY KEY (user_id) NOT ENFORCED) WITH (
  'connector' = 'jdbc', 'url' = '${POSTGRES_URL}', 'table-name' = '${SCHEMA}.signups',
  'username' = '${POSTGRES_USER}', 'password' = '${POSTGRES_PASSWORD}',
  -- Write each signup at once: a buffered write that fails is only reported with the next record.
  'sink.buffer-flush.max-rows' = '1');

EXECUTE STATEMENT SET BEGIN
  INSERT INTO impressions_out SELECT user_id, title, ts FROM events WHERE kind = 'impression';
  INSERT INTO plays_out       SELECT user_id, title, ts FROM events WHERE kind = 'play';
  INSERT INTO signups_out     SELECT user_id, ts        FROM events WHERE kind = 'signup';
END;
