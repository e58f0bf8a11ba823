-- Scripts analysts save from the editor, each with the statement-test cases kept beside it. A script belongs to one
-- user: a token's name in its tenant (a rotated token of the same name keeps its scripts). Its id is random, and every
-- read and write names the owner too, so another user's id finds nothing. tests is the JSON array of cases.
-- Runs unchanged on H2 2.3 and PostgreSQL 15.
CREATE TABLE saved_script (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant      VARCHAR(64)  NOT NULL,
    owner       VARCHAR(256) NOT NULL,
    name        VARCHAR(256) NOT NULL,
    sql_text    TEXT         NOT NULL,
    tests       TEXT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT saved_script_tenant FOREIGN KEY (tenant) REFERENCES tenant (name)
);

CREATE UNIQUE INDEX saved_script_owner_name ON saved_script (tenant, owner, name);
