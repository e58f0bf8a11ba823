-- Malformed records, skipped and counted: the topic is read as raw text; records that parse and carry every field
-- with the right type go on as typed rows, every other record is dropped, and a running count of dropped records
-- per reason is kept in an upsert topic (one record per reason, its latest value the count so far). Read the
-- count from that topic, or through Sluice: SELECT reason, skipped FROM plays_skipped. Unlike route-aside.sql the
-- records themselves are not kept, only how many there were.
CREATE TEMPORARY TABLE plays_raw (line STRING) WITH (
  'connector' = 'kafka', 'topic' = 'raw-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'raw');

CREATE TEMPORARY TABLE plays_clean (title STRING, user_id STRING, seconds INT) WITH (
  'connector' = 'kafka', 'topic' = 'clean-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

CREATE TEMPORARY TABLE plays_skipped (reason STRING, skipped BIGINT, PRIMARY KEY (reason) NOT ENFORCED) WITH (
  'connector' = 'upsert-kafka', 'topic' = 'skipped-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'key.format' = 'json', 'value.format' = 'json');

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
  INSERT INTO plays_skipped SELECT reason, COUNT(*) FROM plays_checked WHERE reason IS NOT NULL GROUP BY reason;
END;
