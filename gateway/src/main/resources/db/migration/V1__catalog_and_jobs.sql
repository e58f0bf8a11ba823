-- Runs unchanged on H2 2.3 and PostgreSQL 15: TEXT is unbounded on PostgreSQL and CHARACTER VARYING
-- (up to 1,000,000 characters) on H2; timestamps keep their offset on both.

-- The persistent Flink catalog. Every row is scoped by catalog_name so that each tenant can have its own catalog.
CREATE TABLE catalog_database (
    catalog_name   VARCHAR(256) NOT NULL,
    database_name  VARCHAR(256) NOT NULL,
    comment_text   TEXT,
    properties     TEXT         NOT NULL,
    PRIMARY KEY (catalog_name, database_name)
);

-- Tables and views share one namespace in Flink, so they share one table here.
CREATE TABLE catalog_table (
    catalog_name    VARCHAR(256) NOT NULL,
    database_name   VARCHAR(256) NOT NULL,
    table_name      VARCHAR(256) NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    properties      TEXT         NOT NULL,
    original_query  TEXT,
    expanded_query  TEXT,
    comment_text    TEXT,
    PRIMARY KEY (catalog_name, database_name, table_name),
    CONSTRAINT catalog_table_kind CHECK (kind IN ('TABLE', 'VIEW')),
    -- No ON DELETE CASCADE: dropping a non-empty database must be an explicit decision of the caller.
    CONSTRAINT catalog_table_database FOREIGN KEY (catalog_name, database_name)
        REFERENCES catalog_database (catalog_name, database_name)
);

CREATE TABLE catalog_function (
    catalog_name   VARCHAR(256) NOT NULL,
    database_name  VARCHAR(256) NOT NULL,
    function_name  VARCHAR(256) NOT NULL,
    class_name     TEXT         NOT NULL,
    language       VARCHAR(32)  NOT NULL,
    resources      TEXT         NOT NULL,
    options        TEXT         NOT NULL,
    PRIMARY KEY (catalog_name, database_name, function_name),
    CONSTRAINT catalog_function_database FOREIGN KEY (catalog_name, database_name)
        REFERENCES catalog_database (catalog_name, database_name)
);

-- Jobs the gateway submitted, so that their status survives a restart of the gateway.
CREATE TABLE job (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    session_id      VARCHAR(128) NOT NULL,
    statement_text  TEXT         NOT NULL,
    flink_job_id    VARCHAR(64),
    status          VARCHAR(16)  NOT NULL,
    status_message  TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX job_status ON job (status);
CREATE INDEX job_created_at ON job (created_at);
