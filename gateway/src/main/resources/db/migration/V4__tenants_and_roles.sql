-- Tenants: every token, session, job and catalog database belongs to one. Tenant 'default' exists from the start;
-- the first admin token and every token made before tenants existed belong to it.
CREATE TABLE tenant (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO tenant (name, created_at) VALUES ('default', CURRENT_TIMESTAMP);

ALTER TABLE api_token ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE api_token ADD CONSTRAINT api_token_tenant FOREIGN KEY (tenant) REFERENCES tenant (name);
CREATE INDEX api_token_tenant_name ON api_token (tenant);

-- Who started a job: its tenant decides who may see or stop it; the owner is the id of the token that submitted it.
ALTER TABLE job ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE job ADD COLUMN owner VARCHAR(64) DEFAULT 'unknown' NOT NULL;
CREATE INDEX job_tenant ON job (tenant);
