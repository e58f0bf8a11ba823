-- Passing statement tests of INSERTs, for the policy that admits an INSERT only after one (requirePassingTests). A row
-- says: in this tenant, an INSERT whose text normalizes to this fingerprint (SHA-256 of its text without comments and
-- with white space collapsed) passed every case of a test, when and by whom. A changed INSERT has another fingerprint.
-- Runs unchanged on H2 2.3 and PostgreSQL 15.
CREATE TABLE statement_test_pass (
    tenant       VARCHAR(64)  NOT NULL,
    fingerprint  VARCHAR(64)  NOT NULL,
    passed_by    VARCHAR(256) NOT NULL,
    cases        INTEGER      NOT NULL,
    passed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, fingerprint),
    CONSTRAINT statement_test_pass_tenant FOREIGN KEY (tenant) REFERENCES tenant (name)
);
