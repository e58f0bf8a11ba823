-- Malformed records, routed aside: the topic is read as raw text, so no record can fail the job or vanish.
-- Records that parse and carry every field with the right type go on as typed rows; every other record goes,
-- unchanged and with the reason, to a dead-letter topic whose record count is the count of rejected input.
CREATE TABLE plays_raw (line STRING) WITH (
  'connector' = 'kafka', 'topic' = 'raw-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'raw');

CREATE TABLE plays_clean (title STRING, user_id STRING, seconds INT) WITH (
  'connector' = 'kafka', 'topic' = 'clean-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

CREATE TABLE plays_dead_letter (reason STRING, line STRING) WITH (
  'connector' = 'kafka', 'topic' = 'dead-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

CREATE TEMPORARY VIEW plays_checked AS
SELECT line,
  CASE
    WHEN NOT (line IS JSON OBJECT) THEN 'not a JSON object'
    WHEN JSON_VALUE(line, '$.title') IS NULL OR JSON_VALUE(line, '$.user_id') IS NULL
      OR JSON_VALUE(line, '$.seconds') IS NULL THEN 'missing field'
    WHEN TRY_CAST(JSON_VALUE(line, '$.seconds') AS INT) IS NULL THEN 'seconds is not an integer'
  END AS reason
FROM plays_raw;

EXECUTE STATEMENT SET BEGIN
  INSERT INTO plays_clean
    SELECT JSON_VALUE(line, '$.title'), JSON_VALUE(line, '$.user_id'), CAST(JSON_VALUE(line, '$.seconds') AS INT)
    FROM plays_checked WHERE reason IS NULL;
  INSERT INTO plays_dead_letter SELECT reason, line FROM plays_checked WHERE reason IS NOT NULL;
END;
