-- The resource estimate each job was admitted with, kept next to (not inside) the job record so the estimate's
-- format can change without touching job. One row per job; the estimate is the JSON the API shows.
CREATE TABLE job_estimate (
    job_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    estimate    TEXT        NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
