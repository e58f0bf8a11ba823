-- Each tenant's quota: what its jobs may hold at once. A tenant without a row gets the gateway's default quota
-- (the sluice.quota.default.* options). CPU is kept in thousandths of a core so both databases store an integer.
CREATE TABLE tenant_quota (
    tenant            VARCHAR(64) NOT NULL PRIMARY KEY,
    max_jobs          INTEGER     NOT NULL,
    max_task_slots    INTEGER     NOT NULL,
    max_cpu_millis    BIGINT      NOT NULL,
    max_memory_bytes  BIGINT      NOT NULL,
    max_state_bytes   BIGINT      NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What each running job was admitted with, so a tenant's use is the sum over its active jobs, and the approval it
-- needed, if any.
CREATE TABLE job_admission (
    job_id            VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant            VARCHAR(64) NOT NULL,
    task_slots        INTEGER     NOT NULL,
    cpu_millis        BIGINT      NOT NULL,
    memory_bytes      BIGINT      NOT NULL,
    state_bytes       BIGINT      NOT NULL,
    approval_id       VARCHAR(64),
    admitted_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX job_admission_tenant ON job_admission (tenant);

-- A statement held for an admin's decision because it would take its tenant over quota. It keeps everything needed
-- to run the statement exactly as submitted: the SQL, the session's current catalog and database, and its
-- configuration (never a token: the gateway strips it from sessions).
CREATE TABLE approval_request (
    id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant            VARCHAR(64)  NOT NULL,
    requester_id      VARCHAR(64)  NOT NULL,
    requester_name    VARCHAR(256) NOT NULL,
    requested_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    statement_text    TEXT         NOT NULL,
    session_catalog   VARCHAR(256) NOT NULL,
    session_database  VARCHAR(256) NOT NULL,
    session_config    TEXT         NOT NULL,
    demand            TEXT         NOT NULL,
    exceeded          TEXT         NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    decider_id        VARCHAR(64),
    decider_name      VARCHAR(256),
    decided_at        TIMESTAMP WITH TIME ZONE,
    decision_comment  TEXT,
    job_id            VARCHAR(64),
    CONSTRAINT approval_request_status CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'FAILED'))
);

CREATE INDEX approval_request_status ON approval_request (status);
CREATE INDEX approval_request_tenant ON approval_request (tenant);
