-- Jobs are named (issue 19, point 5): the session's pipeline.name when set, else the tables the job writes, so
-- people find their jobs by name rather than by id. Jobs recorded before have none. Runs unchanged on H2 2.3 and
-- PostgreSQL 15.
ALTER TABLE job ADD COLUMN job_name VARCHAR(256);
