-- The PostgreSQL tables the jobs upsert into (run once, in the schema ${SCHEMA}).
CREATE TABLE ${SCHEMA}.plays_per_minute (
  title VARCHAR(64) NOT NULL,
  minute_start TIMESTAMP(3) NOT NULL,
  plays BIGINT NOT NULL,
  PRIMARY KEY (title, minute_start));

CREATE TABLE ${SCHEMA}.plays_per_minute_restated (LIKE ${SCHEMA}.plays_per_minute INCLUDING ALL);
