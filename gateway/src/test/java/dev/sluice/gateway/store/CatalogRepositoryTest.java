package dev.sluice.gateway.store;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogRepositoryTest {

    private static final DatabaseRecord DATABASE =
            new DatabaseRecord("c", "db", "the database", Map.of("owner", "ana"));

    private static final TableRecord TABLE = new TableRecord(
            "c",
            "db",
            "orders",
            CatalogObjectKind.TABLE,
            Map.of("connector", "datagen", "schema.0.name", "id"),
            null,
            null,
            "orders");

    private static final TableRecord VIEW = new TableRecord(
            "c",
            "db",
            "big_orders",
            CatalogObjectKind.VIEW,
            Map.of("schema.0.name", "id"),
            "SELECT * FROM orders WHERE amount > 10",
            "SELECT `orders`.`id` FROM `c`.`db`.`orders` WHERE `orders`.`amount` > 10",
            null);

    private static final FunctionRecord FUNCTION = new FunctionRecord(
            "c",
            "db",
            "upper_case",
            "com.example.UpperCase",
            "JAVA",
            List.of(new FunctionResource("JAR", "file:///tmp/udf.jar")),
            Map.of());

    @StoreTest
    void storesAndReadsBackEveryKindOfObject(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();
        repository.createDatabase(DATABASE);
        repository.createTable(TABLE);
        repository.createTable(VIEW);
        repository.createFunction(FUNCTION);

        assertThat(repository.findDatabase("c", "db")).contains(DATABASE);
        assertThat(repository.findTable("c", "db", "orders")).contains(TABLE);
        assertThat(repository.findTable("c", "db", "big_orders")).contains(VIEW);
        assertThat(repository.findFunction("c", "db", "upper_case")).contains(FUNCTION);
        assertThat(repository.listDatabaseNames("c")).containsExactly("db");
        assertThat(repository.listTableNames("c", "db")).containsExactly("big_orders", "orders");
        assertThat(repository.listTableNames("c", "db", CatalogObjectKind.VIEW)).containsExactly("big_orders");
        assertThat(repository.listTableNames("c", "db", CatalogObjectKind.TABLE))
                .containsExactly("orders");
        assertThat(repository.listFunctionNames("c", "db")).containsExactly("upper_case");
    }

    @StoreTest
    void keepsValuesThatLookLikeSqlOrJsonExactly(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();
        String tricky = "it's \"quoted\"; DROP TABLE catalog_table; -- \\ \n ünïcödé ✓ {\"a\": [1]}";
        DatabaseRecord database = new DatabaseRecord("c", tricky, tricky, Map.of(tricky, tricky, "", ""));
        repository.createDatabase(database);

        assertThat(repository.findDatabase("c", tricky)).contains(database);
        assertThat(repository.listDatabaseNames("c")).containsExactly(tricky);
    }

    @StoreTest
    void scopesEverythingByCatalogName(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();
        repository.createDatabase(DATABASE);
        repository.createTable(TABLE);
        DatabaseRecord sameNameElsewhere = new DatabaseRecord("other", "db", null, Map.of());
        repository.createDatabase(sameNameElsewhere);

        assertThat(repository.listDatabaseNames("other")).containsExactly("db");
        assertThat(repository.listTableNames("other", "db")).isEmpty();
        assertThat(repository.findTable("other", "db", "orders")).isEmpty();
        assertThat(repository.dropDatabase("other", "db", false)).isTrue();
        assertThat(repository.findTable("c", "db", "orders")).contains(TABLE);
    }

    @StoreTest
    void refusesDuplicatesAndKeepsTheFirst(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();
        repository.createDatabase(DATABASE);
        repository.createTable(TABLE);
        repository.createFunction(FUNCTION);

        assertReason(
                () -> repository.createDatabase(new DatabaseRecord("c", "db", "second", Map.of())),
                StoreException.Reason.ALREADY_EXISTS);
        // A view may not take a table's name: both live in one namespace.
        assertReason(
                () -> repository.createTable(new TableRecord(
                        "c", "db", "orders", CatalogObjectKind.VIEW, Map.of(), "SELECT 1", "SELECT 1", null)),
                StoreException.Reason.ALREADY_EXISTS);
        assertReason(
                () -> repository.createFunction(
                        new FunctionRecord("c", "db", "upper_case", "other.Class", "JAVA", List.of(), Map.of())),
                StoreException.Reason.ALREADY_EXISTS);

        assertThat(repository.findDatabase("c", "db")).contains(DATABASE);
        assertThat(repository.findTable("c", "db", "orders")).contains(TABLE);
        assertThat(repository.findFunction("c", "db", "upper_case")).contains(FUNCTION);
    }

    @StoreTest
    void refusesObjectsInAMissingDatabase(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();

        assertReason(() -> repository.createTable(TABLE), StoreException.Reason.BROKEN_REFERENCE);
        assertReason(() -> repository.createFunction(FUNCTION), StoreException.Reason.BROKEN_REFERENCE);
        assertThat(repository.listTableNames("c", "db")).isEmpty();
        assertThat(repository.listFunctionNames("c", "db")).isEmpty();
    }

    @StoreTest
    void dropsANonEmptyDatabaseOnlyWithCascade(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();
        repository.createDatabase(DATABASE);
        repository.createTable(TABLE);
        repository.createFunction(FUNCTION);

        assertThat(repository.isDatabaseEmpty("c", "db")).isFalse();
        assertReason(() -> repository.dropDatabase("c", "db", false), StoreException.Reason.NOT_EMPTY);
        assertThat(repository.findDatabase("c", "db")).contains(DATABASE);
        assertThat(repository.findTable("c", "db", "orders")).contains(TABLE);

        assertThat(repository.dropDatabase("c", "db", true)).isTrue();
        assertThat(repository.findDatabase("c", "db")).isEmpty();
        assertThat(repository.findTable("c", "db", "orders")).isEmpty();
        assertThat(repository.findFunction("c", "db", "upper_case")).isEmpty();
        assertThat(repository.dropDatabase("c", "db", true)).isFalse();
    }

    @StoreTest
    void dropsADatabaseWhoseOnlyObjectIsAFunctionOnlyWithCascade(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();
        repository.createDatabase(DATABASE);
        repository.createFunction(FUNCTION);

        assertReason(() -> repository.dropDatabase("c", "db", false), StoreException.Reason.NOT_EMPTY);
        repository.dropFunction("c", "db", "upper_case");
        assertThat(repository.isDatabaseEmpty("c", "db")).isTrue();
        assertThat(repository.dropDatabase("c", "db", false)).isTrue();
    }

    @StoreTest
    void replacesAndDropsOnlyWhatExists(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();
        repository.createDatabase(DATABASE);
        repository.createTable(TABLE);
        repository.createFunction(FUNCTION);
        DatabaseRecord newDatabase = new DatabaseRecord("c", "db", null, Map.of("owner", "bo"));
        TableRecord newTable = new TableRecord(
                "c", "db", "orders", CatalogObjectKind.TABLE, Map.of("connector", "kafka"), null, null, null);
        FunctionRecord newFunction = new FunctionRecord(
                "c", "db", "upper_case", "com.example.Upper2", "PYTHON", List.of(), Map.of("k", "v"));

        assertThat(repository.replaceDatabase(newDatabase)).isTrue();
        assertThat(repository.replaceTable(newTable)).isTrue();
        assertThat(repository.replaceFunction(newFunction)).isTrue();
        assertThat(repository.findDatabase("c", "db")).contains(newDatabase);
        assertThat(repository.findTable("c", "db", "orders")).contains(newTable);
        assertThat(repository.findFunction("c", "db", "upper_case")).contains(newFunction);

        assertThat(repository.replaceDatabase(new DatabaseRecord("c", "missing", null, Map.of())))
                .isFalse();
        assertThat(repository.replaceTable(VIEW)).isFalse();
        assertThat(repository.replaceFunction(
                        new FunctionRecord("c", "db", "missing", "x", "JAVA", List.of(), Map.of())))
                .isFalse();
        assertThat(repository.dropTable("c", "db", "missing")).isFalse();
        assertThat(repository.dropFunction("c", "db", "missing")).isFalse();

        assertThat(repository.dropTable("c", "db", "orders")).isTrue();
        assertThat(repository.dropFunction("c", "db", "upper_case")).isTrue();
        assertThat(repository.listTableNames("c", "db")).isEmpty();
        assertThat(repository.listFunctionNames("c", "db")).isEmpty();
    }

    @StoreTest
    void renamesATableUnlessTheNewNameIsTaken(MetadataStore store) {
        CatalogRepository repository = store.catalogRepository();
        repository.createDatabase(DATABASE);
        repository.createTable(TABLE);
        repository.createTable(VIEW);

        assertReason(
                () -> repository.renameTable("c", "db", "orders", "big_orders"), StoreException.Reason.ALREADY_EXISTS);
        assertThat(repository.listTableNames("c", "db")).containsExactly("big_orders", "orders");

        assertThat(repository.renameTable("c", "db", "orders", "all_orders")).isTrue();
        assertThat(repository.findTable("c", "db", "all_orders"))
                .get()
                .extracting(TableRecord::properties)
                .isEqualTo(TABLE.properties());
        assertThat(repository.findTable("c", "db", "orders")).isEmpty();
        assertThat(repository.renameTable("c", "db", "orders", "x")).isFalse();
    }

    @Test
    void recordsRejectInconsistentViewsAndTables() {
        assertThatThrownBy(() -> new TableRecord("c", "db", "v", CatalogObjectKind.VIEW, Map.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TableRecord(
                        "c", "db", "t", CatalogObjectKind.TABLE, Map.of(), "SELECT 1", "SELECT 1", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new TableRecord("c", "db", "v", CatalogObjectKind.VIEW, Map.of(), "SELECT 1", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static void assertReason(Runnable call, StoreException.Reason reason) {
        assertThatThrownBy(call::run)
                .asInstanceOf(InstanceOfAssertFactories.type(StoreException.class))
                .extracting(StoreException::reason)
                .isEqualTo(reason);
    }
}
