-- What each user ran (issue 19, point 3): every statement submitted on any listener, with its outcome and duration,
-- so an analyst can find and re-open what they ran. A user is a token's name in its tenant, as for saved scripts; every
-- read names the owner, so nobody reads another's history. finished_at stays NULL while the statement runs (a query
-- until its end or cancellation). The gateway keeps the last sluice.history.max-per-user entries of each user.
-- Runs unchanged on H2 2.3 and PostgreSQL 15.
CREATE TABLE statement_history (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant       VARCHAR(64)   NOT NULL,
    owner        VARCHAR(256)  NOT NULL,
    listener     VARCHAR(32)   NOT NULL,
    sql_text     TEXT          NOT NULL,
    status       VARCHAR(32)   NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    job_id       VARCHAR(64),
    message      TEXT,
    CONSTRAINT statement_history_tenant FOREIGN KEY (tenant) REFERENCES tenant (name)
);

CREATE INDEX statement_history_owner ON statement_history (tenant, owner, started_at);
