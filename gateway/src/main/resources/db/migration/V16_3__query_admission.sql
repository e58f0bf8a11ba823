-- What each running query was admitted with. A query takes task slots like a job while it runs, so its tenant's use
-- (and the cluster's) counts it from its admission until its Flink job ends, its results are closed or its session
-- closes. Queries do not outlive the gateway: the rows left by the last run are cleared on start.
-- Runs unchanged on H2 2.3 and PostgreSQL 15.
CREATE TABLE query_admission (
    query_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant        VARCHAR(64)  NOT NULL,
    session_id    VARCHAR(128) NOT NULL,
    flink_job_id  VARCHAR(64),
    task_slots    INTEGER      NOT NULL,
    cpu_millis    BIGINT       NOT NULL,
    memory_bytes  BIGINT       NOT NULL,
    state_bytes   BIGINT       NOT NULL,
    admitted_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX query_admission_tenant ON query_admission (tenant);
