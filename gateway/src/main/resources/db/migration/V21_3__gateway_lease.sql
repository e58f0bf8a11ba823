-- Two or more gateways on one metadata store (issue 21, point 3). Each running gateway is a row of gateway_instance,
-- renewed on a schedule; a row whose expiry has passed belongs to a gateway that stopped or was killed. One of them
-- holds the job-tracking lease: it reconciles and follows jobs, and finishes what dead gateways left undone. Times
-- are milliseconds since the epoch on the store's own clock (read by the gateways before they write), so the
-- gateways' clocks need not agree. Runs unchanged on H2 2.3 and PostgreSQL 15.
CREATE TABLE gateway_instance (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    started_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);

CREATE TABLE gateway_lease (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder      VARCHAR(64),
    taken_at    BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);

INSERT INTO gateway_lease (name, holder, taken_at, expires_at) VALUES ('job-tracking', NULL, 0, 0);

-- A query's rows go to the gateway that runs it: when that gateway is gone, the lease holder releases the query.
ALTER TABLE query_admission ADD COLUMN gateway_id VARCHAR(64);

-- The gateway that runs an approved statement: a gateway takes over only from a dead one, by a conditional update.
ALTER TABLE approval_request ADD COLUMN runner_id VARCHAR(64);

-- At most one job per approval, whichever gateway starts it: a second admission of the same approval fails.
CREATE UNIQUE INDEX job_admission_approval ON job_admission (approval_id);
