-- The UDF catalog (udf-catalog module). Runs unchanged on H2 2.3 and PostgreSQL 15. Not Flink's CREATE FUNCTION
-- catalog (catalog_function, V1): these are Sluice's shared, versioned functions.

-- One row per function; current_version is what SQL gets by name, latest_version the highest number ever used
-- (numbers never repeat, even after a rollback).
CREATE TABLE udf_function (
    tenant           VARCHAR(64)  NOT NULL,
    name             VARCHAR(128) NOT NULL,
    kind             VARCHAR(16)  NOT NULL,
    language         VARCHAR(16)  NOT NULL,
    owner            VARCHAR(256) NOT NULL,
    description      TEXT         NOT NULL,
    reloadable       BOOLEAN      NOT NULL,
    current_version  INTEGER      NOT NULL,
    latest_version   INTEGER      NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, name),
    CONSTRAINT udf_function_kind CHECK (kind IN ('SCALAR', 'TABLE', 'AGGREGATE')),
    CONSTRAINT udf_function_language CHECK (language IN ('JAVA', 'JAVASCRIPT', 'ENRICHMENT')),
    CONSTRAINT udf_function_versions CHECK (current_version BETWEEN 1 AND latest_version)
);

-- Immutable versions. The payload lives here, not on a local disk, so every gateway of a shared store has it.
-- parameters: one "name type" line per parameter.
CREATE TABLE udf_function_version (
    tenant       VARCHAR(64)  NOT NULL,
    name         VARCHAR(128) NOT NULL,
    version      INTEGER      NOT NULL,
    parameters   TEXT         NOT NULL,
    result_type  TEXT         NOT NULL,
    entry        TEXT,
    source_text  TEXT,
    artifact     BYTEA,
    sha256       VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(256) NOT NULL,
    PRIMARY KEY (tenant, name, version),
    CONSTRAINT udf_function_version_function FOREIGN KEY (tenant, name)
        REFERENCES udf_function (tenant, name) ON DELETE CASCADE
);
