-- Which function versions each Sluice job (job.id) got when it was submitted. No foreign key to udf_function:
-- the record outlives a deleted function, and a function in use by a running job cannot be deleted anyway.
CREATE TABLE udf_job_function (
    job_id    VARCHAR(64)  NOT NULL,
    tenant    VARCHAR(64)  NOT NULL,
    name      VARCHAR(128) NOT NULL,
    version   INTEGER      NOT NULL,
    PRIMARY KEY (job_id, tenant, name, version)
);

CREATE INDEX udf_job_function_function ON udf_job_function (tenant, name);
