-- Malformed records, fail: the table's JSON format rejects the first record that is not JSON, has a field of the
-- wrong type or lacks a field, and the job fails with that record in its error; nothing after it is processed
-- until the record is dealt with. Choose this where a malformed record means a broken producer that must be
-- fixed before anything else flows. ('json.ignore-parse-errors' = 'true' would instead drop such records without
-- counting them: do not use it, use skip-and-count.sql.)
CREATE TEMPORARY TABLE plays_strict (title STRING, user_id STRING, seconds INT) WITH (
  'connector' = 'kafka', 'topic' = 'strict-plays', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'json',
  -- Without this a missing field is read as NULL, silently.
  'json.fail-on-missing-field' = 'true',
  'json.ignore-parse-errors' = 'false');

CREATE TEMPORARY TABLE plays_strict_copy (title STRING, user_id STRING, seconds INT) WITH (
  'connector' = 'kafka', 'topic' = 'strict-plays-copy', 'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
  'format' = 'json');

-- A checkpointing job (Sluice's jobs checkpoint) would otherwise restart on the same record forever, RUNNING and
-- never delivering: fail for good, so the status says FAILED and names the record.
SET 'restart-strategy.type' = 'none';

INSERT INTO plays_strict_copy SELECT title, user_id, seconds FROM plays_strict;
