package dev.sluice.gateway.store;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every change to what a statement is validated against raises the catalog's version; reading changes nothing. */
class CatalogVersionTest {

    private static final TableRecord TABLE = new TableRecord(
            "c", "db", "orders", CatalogObjectKind.TABLE, Map.of("connector", "datagen"), null, null, null);

    @StoreTest
    void everyCatalogWriteRaisesTheVersionAndReadsDoNot(MetadataStore store) {
        CatalogRepository catalog = store.catalogRepository();
        CatalogVersion version = store.catalogVersion();
        long before = version.current();

        catalog.createDatabase(new DatabaseRecord("c", "db", null, Map.of()));
        long created = raisedFrom(version, before);
        catalog.createTable(TABLE);
        long table = raisedFrom(version, created);
        catalog.findTable("c", "db", "orders");
        catalog.listTableNames("c", "db");
        assertThat(version.current()).as("after reads").isEqualTo(table);
        catalog.replaceTable(new TableRecord(
                "c", "db", "orders", CatalogObjectKind.TABLE, Map.of("connector", "blackhole"), null, null, null));
        long altered = raisedFrom(version, table);
        catalog.createFunction(new FunctionRecord("c", "db", "f", "com.example.F", "JAVA", List.of(), Map.of()));
        long function = raisedFrom(version, altered);
        catalog.dropFunction("c", "db", "f");
        long functionDropped = raisedFrom(version, function);
        catalog.dropTable("c", "db", "orders");
        long dropped = raisedFrom(version, functionDropped);
        catalog.dropDatabase("c", "db", false);
        raisedFrom(version, dropped);
    }

    @StoreTest
    void aPolicySavedRaisesTheVersion(MetadataStore store) {
        long before = store.catalogVersion().current();

        store.policyRepository().save("default", "{\"allowedConnectors\":[\"datagen\"]}");

        raisedFrom(store.catalogVersion(), before);
    }

    private static long raisedFrom(CatalogVersion version, long before) {
        long now = version.current();
        assertThat(now).isGreaterThan(before);
        return now;
    }
}
