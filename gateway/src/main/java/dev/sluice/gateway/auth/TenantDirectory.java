package dev.sluice.gateway.auth;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.StoreException;
import dev.sluice.gateway.store.TenantRepository;
import dev.sluice.gateway.store.TenantRepository.TenantRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Creates and lists tenants. A new tenant gets its catalog database at once, so its analysts can start working. */
public final class TenantDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(TenantDirectory.class);

    private final TenantRepository tenants;
    private final TenantDatabases databases;

    public TenantDirectory(TenantRepository tenants, TenantDatabases databases) {
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.databases = requireNonNull(databases, "databases is null");
    }

    /** Creates a tenant and its database; a tenant that exists is a 409. */
    public TenantRecord create(String name) {
        requireValidName(name);
        TenantRecord tenant = new TenantRecord(name, Instant.now());
        // The database first: if the store fails in between, there is no tenant without a database, only a database
        // (kept if it exists) that a repeated call takes over.
        databases.createDatabase(databases.databaseOf(name));
        try {
            tenants.insert(tenant);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.ALREADY_EXISTS) {
                throw GatewayException.forField(
                        ErrorCode.CONFLICT,
                        "name",
                        "Tenant '" + name + "' exists already.",
                        "GET /api/v1/tenants lists the tenants there are.");
            }
            throw e;
        }
        LOG.info("Created tenant '{}'", name);
        return tenant;
    }

    /** The catalog database a tenant works in. */
    public String databaseOf(String tenant) {
        return databases.databaseOf(tenant);
    }

    public List<TenantRecord> list() {
        return tenants.list();
    }

    /** 404 unless the tenant exists. */
    public void requireExists(String name, String field) {
        if (!Tenants.NAME.matcher(name).matches() || !tenants.exists(name)) {
            throw GatewayException.forField(
                    ErrorCode.NOT_FOUND,
                    field,
                    "There is no tenant '" + name + "'.",
                    "GET /api/v1/tenants lists the tenants there are; POST /api/v1/tenants creates one.");
        }
    }

    /** Well formed, and not the default tenant's database, which a tenant of that name would share. */
    private void requireValidName(String name) {
        if (name == null
                || !Tenants.NAME.matcher(name).matches()
                || name.equals(databases.databaseOf(Tenants.DEFAULT))) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "name",
                    name == null ? "A tenant needs a name." : "'" + name + "' is not a valid tenant name.",
                    "Tenant names are 1 to 64 lower-case letters, digits, '-' and '_', starting with a letter or digit"
                            + " (and not 'default_database').");
        }
    }
}
