-- Each tenant's policy: what its statements may do (connectors, paths, statements, settings, limits). The policy is
-- one JSON document, validated by the gateway before it is stored; a tenant without a row gets the default policy.
CREATE TABLE tenant_policy (
    tenant      VARCHAR(64)  NOT NULL PRIMARY KEY,
    document    TEXT         NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
