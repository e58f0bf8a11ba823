package dev.sluice.gateway.auth;

/**
 * The catalog's side of a tenant: the database its tables live in. The catalog implements it, so that tenants can be
 * created here without this package importing the catalog (which imports this one for the caller's principal).
 */
public interface TenantDatabases {

    /** The catalog database a tenant works in. */
    String databaseOf(String tenant);

    /** Makes a catalog database of this name if it is missing. */
    void createDatabase(String database);
}
