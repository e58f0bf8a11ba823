package dev.sluice.gateway.catalog;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.TenantDatabases;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.store.CatalogRepository;
import dev.sluice.udf.flink.SessionFunctions;
import org.apache.flink.table.catalog.Catalog;

import java.util.function.Function;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Makes the Sluice catalog a caller's session sees: it starts in the caller's tenant database, and an analyst sees
 * that database only ({@link TenantCatalog}); an admin sees every database.
 */
public final class SessionCatalogs implements TenantDatabases {

    private final String name;
    private final CatalogRepository repository;
    private final Function<String, SessionFunctions> functions;

    /** @param functions a tenant's view of the UDF catalog, made for each session */
    public SessionCatalogs(String name, CatalogRepository repository, Function<String, SessionFunctions> functions) {
        this.name = requireNonNull(name, "name is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.functions = requireNonNull(functions, "functions is null");
    }

    public String name() {
        return name;
    }

    public Catalog forCaller(Principal caller) {
        return forCaller(caller, UnaryOperator.identity());
    }

    /**
     * @param layer wraps the stored catalog before the tenant's view is put over it, e.g. a validation's scratch
     *     layer, so the view restricts what the layer holds too
     */
    public Catalog forCaller(Principal caller, UnaryOperator<Catalog> layer) {
        String database = databaseOf(caller.tenant());
        Catalog catalog = layer.apply(new SluiceCatalog(name, database, repository, functions.apply(caller.tenant())));
        return caller.isAdmin() ? catalog : new TenantCatalog(name, catalog, database);
    }

    /**
     * A tenant's own name, except for {@link Tenants#DEFAULT}, whose database is the one every session used before
     * tenants existed.
     */
    @Override
    public String databaseOf(String tenant) {
        return Tenants.DEFAULT.equals(tenant) ? SluiceCatalog.DEFAULT_DATABASE : tenant;
    }

    @Override
    public void createDatabase(String database) {
        new SluiceCatalog(name, database, repository).open();
    }
}
