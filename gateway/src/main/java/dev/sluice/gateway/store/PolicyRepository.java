package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The tenants' policies, each stored as one JSON document. The store does not read the document: the policy step owns
 * its format and validates it before it is saved.
 */
public final class PolicyRepository {

    private static final String UPDATE = "UPDATE tenant_policy SET document = ?, updated_at = ? WHERE tenant = ?";
    private static final String INSERT = "INSERT INTO tenant_policy (tenant, document, updated_at) VALUES (?, ?, ?)";

    private final Jdbc jdbc;
    private final Clock clock;

    public PolicyRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The tenant's stored policy document, if an admin has stored one. */
    public Optional<String> find(String tenant) {
        requireNonNull(tenant, "tenant is null");
        return jdbc.queryFirst(
                "read the policy of tenant '" + tenant + "'",
                "SELECT document FROM tenant_policy WHERE tenant = ?",
                row -> row.getString("document"),
                tenant);
    }

    /** Stores the tenant's policy document, replacing any before it; saving the same document twice changes nothing. */
    public void save(String tenant, String document) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(document, "document is null");
        String action = "save the policy of tenant '" + tenant + "'";
        // Update, else insert: portable across H2 and PostgreSQL, unlike their upsert dialects. A concurrent first
        // save of the same tenant makes the insert fail with ALREADY_EXISTS; the update after it then wins.
        try {
            jdbc.inTransaction(action, connection -> updateOrInsert(connection, tenant, document));
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.ALREADY_EXISTS) {
                throw e;
            }
            jdbc.update(action, UPDATE, document, clock.instant(), tenant);
        }
    }

    private int updateOrInsert(Connection connection, String tenant, String document) throws SQLException {
        int updated = Jdbc.update(connection, UPDATE, document, clock.instant(), tenant);
        return updated > 0 ? updated : Jdbc.update(connection, INSERT, tenant, document, clock.instant());
    }
}
