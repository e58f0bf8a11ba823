-- What a job's estimate was after the fact: totals corrected from what Flink measured once the job had run a while.
-- Admission uses them when the job is resumed, or when its tenant submits the same statement text (by fingerprint)
-- at the same parallelism; never another tenant's.
ALTER TABLE job_estimate ADD COLUMN statement_fingerprint VARCHAR(64);
-- The job whose correction admission used instead of this job's own estimate (itself on a resume); null if none.
ALTER TABLE job_estimate ADD COLUMN admitted_on_correction_of VARCHAR(64);

CREATE TABLE estimate_correction (
    job_id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant                VARCHAR(128) NOT NULL,
    statement_fingerprint VARCHAR(64),
    parallelism           INTEGER      NOT NULL,
    correction            TEXT         NOT NULL,
    measured_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX estimate_correction_statement ON estimate_correction (tenant, statement_fingerprint, measured_at);
