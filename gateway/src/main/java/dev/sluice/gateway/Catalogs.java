package dev.sluice.gateway;

import dev.sluice.gateway.auth.TenantDirectory;
import dev.sluice.gateway.catalog.SessionCatalogs;
import dev.sluice.gateway.catalog.SluiceCatalog;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.pipeline.policy.ProtectedLocations;
import dev.sluice.gateway.pipeline.policy.StorageLocations;
import dev.sluice.gateway.pipeline.policy.TenantPolicies;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.StoreConfig;
import dev.sluice.udf.catalog.FunctionCatalog;
import dev.sluice.udf.catalog.FunctionStore;
import dev.sluice.udf.catalog.JdbcVersionSource;
import dev.sluice.udf.enrich.EnrichmentLanguage;
import dev.sluice.udf.flink.BuiltInFunctions;
import dev.sluice.udf.flink.SessionFunctions;
import dev.sluice.udf.java.JavaFunctionLanguage;
import dev.sluice.udf.js.JavaScriptLanguage;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.configuration.Configuration;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The catalogs and functions: the persistent catalog, the tenants' policies (with the locations no statement may reach),
 * the function catalog, and what each session's catalogs are built from.
 */
record Catalogs(
        StorageLocations storage,
        TenantPolicies policies,
        FunctionCatalog functions,
        SessionCatalogs sessionCatalogs,
        TenantDirectory tenantDirectory) {

    /**
     * @param files the gateway's own files
     * @param flink the configuration jobs get, with their state directories
     */
    static Catalogs wire(
            Configuration options,
            MetadataStore store,
            StoreConfig storeConfig,
            ProtectedLocations.GatewayFiles files,
            Configuration flink) {
        // The default database exists before the first session, so no validation's scratch layer makes its own.
        new SluiceCatalog(SluiceServer.CATALOG_NAME, store.catalogRepository()).open();
        StorageLocations storage =
                ProtectedLocations.of(options, files, flink, System.getProperty("java.class.path", ""));
        TenantPolicies policies = new TenantPolicies(store.policyRepository(), storage);
        // Read at every publish and every planned statement, so an admin's change to allowedHosts applies at once.
        Function<String, OutboundRules> outbound =
                tenant -> policies.get(tenant).outboundRules();
        Path functionsDir = files.functionsDir();
        FunctionCatalog functions = new FunctionCatalog(
                new FunctionStore(store.dataSource(), store.catalogVersion()::raise),
                List.of(
                        new JavaFunctionLanguage(functionsDir.resolve("check")),
                        new JavaScriptLanguage(),
                        new EnrichmentLanguage(outbound)),
                new BuiltInFunctions(),
                options.get(SluiceOptions.FUNCTIONS_MAX_PAYLOAD_SIZE).getBytes(),
                Clock.systemUTC());
        JdbcVersionSource versionSource =
                new JdbcVersionSource(storeConfig.jdbcUrl(), storeConfig.user(), storeConfig.password());
        SessionCatalogs sessionCatalogs = new SessionCatalogs(
                SluiceServer.CATALOG_NAME,
                store.catalogRepository(),
                tenant -> new SessionFunctions(
                        functions, tenant, functionsDir.resolve("jars"), versionSource, () -> outbound.apply(tenant)));
        return new Catalogs(
                storage,
                policies,
                functions,
                sessionCatalogs,
                new TenantDirectory(store.tenantRepository(), sessionCatalogs));
    }
}
