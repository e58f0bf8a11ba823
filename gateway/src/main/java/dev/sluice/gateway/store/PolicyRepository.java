package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.time.Clock;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The tenants' policies, each stored as one JSON document. The store does not read the document: the policy step owns
 * its format and validates it before it is saved.
 */
public final class PolicyRepository {

    private static final String UPDATE = "UPDATE tenant_policy SET document = ?, updated_at = ? WHERE tenant = ?";
    private static final String INSERT = "INSERT INTO tenant_policy (document, updated_at, tenant) VALUES (?, ?, ?)";

    private final Jdbc jdbc;
    private final Clock clock;
    private final CatalogVersion version;

    public PolicyRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.clock = requireNonNull(clock, "clock is null");
        this.version = new CatalogVersion(dataSource);
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
        jdbc.updateOrInsert(
                "save the policy of tenant '" + tenant + "'", UPDATE, INSERT, document, clock.instant(), tenant);
        // Validation answers with the policy's denials, and caches them under the catalog's version.
        version.raise();
    }
}
