-- The PostgreSQL tables the job upserts into (run once, in the schema ${SCHEMA}).
CREATE TABLE ${SCHEMA}.take_rates (
  title VARCHAR(64) NOT NULL,
  hour_start TIMESTAMP(3) NOT NULL,
  impressions BIGINT NOT NULL,
  taken BIGINT NOT NULL,
  take_rate DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (title, hour_start));

CREATE TABLE ${SCHEMA}.orphan_plays_per_hour (
  hour_start TIMESTAMP(3) PRIMARY KEY,
  plays BIGINT NOT NULL);
