package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Passing statement tests of INSERTs, by tenant and the fingerprint of the INSERT's normalized text: what a policy that
 * requires a passing test before an INSERT runs looks up.
 */
public final class TestPassRepository {

    private final Jdbc jdbc;

    public TestPassRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    /** Records that the INSERT passed {@code cases} test cases, replacing an earlier pass of the same text. */
    public void record(String tenant, String fingerprint, String passedBy, int cases, Instant passedAt) {
        jdbc.updateOrInsert(
                "record a passing test in tenant '" + tenant + "'",
                "UPDATE statement_test_pass SET passed_by = ?, cases = ?, passed_at = ? WHERE tenant = ? AND fingerprint = ?",
                "INSERT INTO statement_test_pass (passed_by, cases, passed_at, tenant, fingerprint) VALUES (?, ?, ?, ?, ?)",
                requireNonNull(passedBy, "passedBy is null"),
                cases,
                requireNonNull(passedAt, "passedAt is null"),
                requireNonNull(tenant, "tenant is null"),
                requireNonNull(fingerprint, "fingerprint is null"));
    }

    /** Whether an INSERT of this fingerprint has passed a test in the tenant. */
    public boolean passed(String tenant, String fingerprint) {
        return jdbc.queryFirst(
                        "look up a passing test in tenant '" + tenant + "'",
                        "SELECT fingerprint FROM statement_test_pass WHERE tenant = ? AND fingerprint = ?",
                        row -> row.getString("fingerprint"),
                        requireNonNull(tenant, "tenant is null"),
                        requireNonNull(fingerprint, "fingerprint is null"))
                .isPresent();
    }
}
