package dev.sluice.gateway.store;

import javax.sql.DataSource;

import static java.util.Objects.requireNonNull;

/**
 * The version of everything a statement is validated against (catalog objects, the UDF catalog's functions, tenant
 * policies, restore points): one counter in the store, raised after each change to any of them, so that a
 * validation's cached findings are keyed by it and every gateway sharing the store sees a change made through another.
 * A validation reads it before it reads anything else, and a writer raises it after its write has committed, so a
 * finding is never kept under a version newer than what it read.
 */
public final class CatalogVersion {

    private static final String SCOPE = "catalog";

    private final Jdbc jdbc;

    public CatalogVersion(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    public long current() {
        return jdbc.queryFirst(
                        "read the catalog's version",
                        "SELECT version FROM catalog_version WHERE scope = ?",
                        row -> row.getLong(1),
                        SCOPE)
                .orElseThrow(
                        () -> new StoreException(StoreException.Reason.FAILURE, "The catalog_version row is missing"));
    }

    /** Called after a change has committed; a raise without a change only costs the caches a miss. */
    public void raise() {
        jdbc.update(
                "raise the catalog's version",
                "UPDATE catalog_version SET version = version + 1 WHERE scope = ?",
                SCOPE);
    }
}
