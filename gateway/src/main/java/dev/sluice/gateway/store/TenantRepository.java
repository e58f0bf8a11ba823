package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** The tenants. Tenant 'default' is made by the schema migration, so it always exists. */
public final class TenantRepository {

    /** A stored tenant. */
    public record TenantRecord(String name, Instant createdAt) {
        public TenantRecord {
            requireNonNull(name, "name is null");
            requireNonNull(createdAt, "createdAt is null");
        }
    }

    private final Jdbc jdbc;

    public TenantRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    /** Throws {@link StoreException.Reason#ALREADY_EXISTS} if the tenant exists. */
    public void insert(TenantRecord tenant) {
        requireNonNull(tenant, "tenant is null");
        jdbc.update(
                "insert tenant '" + tenant.name() + "'",
                "INSERT INTO tenant (name, created_at) VALUES (?, ?)",
                tenant.name(),
                tenant.createdAt());
    }

    public boolean exists(String name) {
        requireNonNull(name, "name is null");
        return jdbc.queryFirst(
                        "look up tenant '" + name + "'",
                        "SELECT name FROM tenant WHERE name = ?",
                        row -> row.getString("name"),
                        name)
                .isPresent();
    }

    /** Every tenant, by name. */
    public List<TenantRecord> list() {
        return jdbc.query(
                "list tenants",
                "SELECT name, created_at FROM tenant ORDER BY name",
                row -> new TenantRecord(row.getString("name"), Jdbc.instant(row, "created_at")));
    }
}
