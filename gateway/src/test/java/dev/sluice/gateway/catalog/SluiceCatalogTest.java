package dev.sluice.gateway.catalog;

import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.StoreTest;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedCatalogView;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog's contract, called directly as Flink's CatalogManager calls it. */
class SluiceCatalogTest {

    private static final ResolvedSchema SCHEMA =
            ResolvedSchema.of(Column.physical("id", DataTypes.BIGINT()), Column.physical("name", DataTypes.STRING()));

    private static final ObjectPath ORDERS = new ObjectPath("shop", "orders");
    private static final ObjectPath BIG_ORDERS = new ObjectPath("shop", "big_orders");
    private static final ObjectPath UPPER = new ObjectPath("shop", "upper_case");

    private static ResolvedCatalogTable table(String comment, List<String> partitionKeys) {
        CatalogTable table = CatalogTable.newBuilder()
                .schema(Schema.newBuilder().fromResolvedSchema(SCHEMA).build())
                .comment(comment)
                .partitionKeys(partitionKeys)
                .options(Map.of("connector", "datagen"))
                .build();
        return new ResolvedCatalogTable(table, SCHEMA);
    }

    private static ResolvedCatalogView view() {
        CatalogView view = CatalogView.of(
                Schema.newBuilder().fromResolvedSchema(SCHEMA).build(),
                "big ones",
                "SELECT * FROM orders",
                "SELECT `orders`.`id`, `orders`.`name` FROM `sluice`.`shop`.`orders`",
                Map.of());
        return new ResolvedCatalogView(view, SCHEMA);
    }

    private static SluiceCatalog openCatalog(MetadataStore store) {
        SluiceCatalog catalog = new SluiceCatalog("sluice", store.catalogRepository());
        catalog.open();
        return catalog;
    }

    /** A catalog with database {@code shop} holding table {@code orders}, view {@code big_orders}, function {@code upper_case}. */
    private static SluiceCatalog shop(MetadataStore store) throws Exception {
        SluiceCatalog catalog = openCatalog(store);
        catalog.createDatabase("shop", new CatalogDatabaseImpl(Map.of("owner", "ana"), "the shop"), false);
        catalog.createTable(ORDERS, table("orders", List.of()), false);
        catalog.createTable(BIG_ORDERS, view(), false);
        catalog.createFunction(UPPER, new CatalogFunctionImpl(UpperCase.class.getName()), false);
        return catalog;
    }

    @StoreTest
    void createsTheDefaultDatabaseOnOpenOnlyOnce(MetadataStore store) throws Exception {
        SluiceCatalog first = openCatalog(store);
        first.createTable(new ObjectPath(SluiceCatalog.DEFAULT_DATABASE, "t"), table(null, List.of()), false);
        SluiceCatalog second = openCatalog(store);

        assertThat(second.listDatabases()).containsExactly(SluiceCatalog.DEFAULT_DATABASE);
        assertThat(second.listTables(SluiceCatalog.DEFAULT_DATABASE)).containsExactly("t");
        SluiceCatalog named = new SluiceCatalog("other", "main", store.catalogRepository());
        named.open();
        assertThat(named.listDatabases()).containsExactly("main");
    }

    @StoreTest
    void readsBackWhatItStored(MetadataStore store) throws Exception {
        shop(store);
        SluiceCatalog catalog = openCatalog(store);

        assertThat(catalog.getDatabase("shop").getProperties()).isEqualTo(Map.of("owner", "ana"));
        assertThat(catalog.getDatabase("shop").getComment()).isEqualTo("the shop");
        assertThat(catalog.listTables("shop")).containsExactly("big_orders", "orders");
        assertThat(catalog.listViews("shop")).containsExactly("big_orders");
        CatalogBaseTable orders = catalog.getTable(ORDERS);
        assertThat(orders).isInstanceOf(CatalogTable.class);
        // Types come back unresolved (as SQL type strings); SluiceCatalogSqlIT compares resolved schemas.
        assertThat(orders.getUnresolvedSchema().getColumns())
                .extracting(Schema.UnresolvedColumn::getName)
                .containsExactly("id", "name");
        assertThat(orders.getOptions()).isEqualTo(Map.of("connector", "datagen"));
        assertThat(orders.getComment()).isEqualTo("orders");
        CatalogView view = (CatalogView) catalog.getTable(BIG_ORDERS);
        assertThat(view.getOriginalQuery()).isEqualTo("SELECT * FROM orders");
        assertThat(view.getExpandedQuery()).isEqualTo(view().getExpandedQuery());
        assertThat(view.getComment()).isEqualTo("big ones");
        assertThat(view.getUnresolvedSchema())
                .hasToString(orders.getUnresolvedSchema().toString());
        assertThat(catalog.getFunction(UPPER).getClassName()).isEqualTo(UpperCase.class.getName());
        assertThat(catalog.getFunction(UPPER).getFunctionLanguage()).isEqualTo(FunctionLanguage.JAVA);
    }

    @StoreTest
    void keepsEachCatalogsObjectsApart(MetadataStore store) throws Exception {
        shop(store);
        SluiceCatalog other = new SluiceCatalog("tenant_b", store.catalogRepository());
        other.open();

        assertThat(other.databaseExists("shop")).isFalse();
        assertThat(other.tableExists(ORDERS)).isFalse();
        other.createDatabase("shop", new CatalogDatabaseImpl(Map.of(), null), false);
        assertThat(other.listTables("shop")).isEmpty();
        other.dropDatabase("shop", false, false);
        assertThat(openCatalog(store).listTables("shop")).hasSize(2);
    }

    @StoreTest
    void refusesDuplicateDatabasesAndKeepsTheFirst(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);
        CatalogDatabaseImpl second = new CatalogDatabaseImpl(Map.of("owner", "bo"), "second");

        assertThatThrownBy(() -> catalog.createDatabase("shop", second, false))
                .isInstanceOf(DatabaseAlreadyExistException.class)
                .hasMessageContaining("shop");
        catalog.createDatabase("shop", second, true);
        assertThat(catalog.getDatabase("shop").getComment()).isEqualTo("the shop");
    }

    @StoreTest
    void refusesToTouchMissingDatabases(MetadataStore store) throws Exception {
        SluiceCatalog catalog = openCatalog(store);
        CatalogDatabaseImpl database = new CatalogDatabaseImpl(Map.of(), null);

        assertThatThrownBy(() -> catalog.getDatabase("nope")).isInstanceOf(DatabaseNotExistException.class);
        assertThatThrownBy(() -> catalog.alterDatabase("nope", database, false))
                .isInstanceOf(DatabaseNotExistException.class);
        assertThatThrownBy(() -> catalog.dropDatabase("nope", false, false))
                .isInstanceOf(DatabaseNotExistException.class);
        assertThatThrownBy(() -> catalog.listTables("nope")).isInstanceOf(DatabaseNotExistException.class);
        assertThatThrownBy(() -> catalog.listViews("nope")).isInstanceOf(DatabaseNotExistException.class);
        assertThatThrownBy(() -> catalog.listFunctions("nope")).isInstanceOf(DatabaseNotExistException.class);
        assertThatThrownBy(() -> catalog.createTable(new ObjectPath("nope", "t"), table(null, List.of()), false))
                .isInstanceOf(DatabaseNotExistException.class);
        assertThatThrownBy(() ->
                        catalog.createFunction(new ObjectPath("nope", "f"), new CatalogFunctionImpl("x.F"), false))
                .isInstanceOf(DatabaseNotExistException.class);
        catalog.alterDatabase("nope", database, true);
        catalog.dropDatabase("nope", true, false);
        assertThat(catalog.listDatabases()).containsExactly(SluiceCatalog.DEFAULT_DATABASE);
    }

    @StoreTest
    void altersADatabase(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);

        catalog.alterDatabase("shop", new CatalogDatabaseImpl(Map.of("owner", "bo"), null), false);

        assertThat(openCatalog(store).getDatabase("shop").getProperties()).isEqualTo(Map.of("owner", "bo"));
        assertThat(openCatalog(store).getDatabase("shop").getComment()).isNull();
    }

    @StoreTest
    void dropsANonEmptyDatabaseOnlyWithCascade(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);

        assertThatThrownBy(() -> catalog.dropDatabase("shop", false, false))
                .isInstanceOf(DatabaseNotEmptyException.class)
                .hasMessageContaining("shop");
        assertThat(catalog.listTables("shop")).containsExactly("big_orders", "orders");
        assertThat(catalog.functionExists(UPPER)).isTrue();

        catalog.dropDatabase("shop", false, true);
        assertThat(catalog.databaseExists("shop")).isFalse();
        assertThat(catalog.tableExists(ORDERS)).isFalse();
        assertThat(catalog.functionExists(UPPER)).isFalse();
    }

    @StoreTest
    void refusesDuplicateTablesAndViewsAndKeepsTheFirst(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);

        assertThatThrownBy(() -> catalog.createTable(ORDERS, table("second", List.of()), false))
                .isInstanceOf(TableAlreadyExistException.class)
                .hasMessageContaining("shop.orders");
        assertThatThrownBy(() -> catalog.createTable(ORDERS, view(), false))
                .isInstanceOf(TableAlreadyExistException.class);
        catalog.createTable(ORDERS, table("second", List.of()), true);
        assertThat(catalog.getTable(ORDERS).getComment()).isEqualTo("orders");
    }

    @StoreTest
    void refusesTablesFlinkDidNotResolveWithoutStoringAnything(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);
        CatalogTable unresolved = table(null, List.of()).getOrigin();

        assertThatThrownBy(() -> catalog.createTable(new ObjectPath("shop", "raw"), unresolved, false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("resolved tables and views only");
        assertThatThrownBy(() -> catalog.alterTable(ORDERS, unresolved, false)).isInstanceOf(CatalogException.class);
        assertThat(catalog.listTables("shop")).containsExactly("big_orders", "orders");
        assertThat(catalog.getTable(ORDERS).getComment()).isEqualTo("orders");
    }

    @StoreTest
    void refusesToTouchMissingTables(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);
        ObjectPath missing = new ObjectPath("shop", "missing");

        assertThatThrownBy(() -> catalog.getTable(missing)).isInstanceOf(TableNotExistException.class);
        assertThatThrownBy(() -> catalog.alterTable(missing, table(null, List.of()), false))
                .isInstanceOf(TableNotExistException.class);
        assertThatThrownBy(() -> catalog.dropTable(missing, false)).isInstanceOf(TableNotExistException.class);
        assertThatThrownBy(() -> catalog.renameTable(missing, "x", false)).isInstanceOf(TableNotExistException.class);
        assertThatThrownBy(() -> catalog.getTable(new ObjectPath("nope", "orders")))
                .isInstanceOf(TableNotExistException.class);
        catalog.alterTable(missing, table(null, List.of()), true);
        catalog.dropTable(missing, true);
        catalog.renameTable(missing, "x", true);
        assertThat(catalog.tableExists(missing)).isFalse();
        assertThat(catalog.listTables("shop")).containsExactly("big_orders", "orders");
    }

    @StoreTest
    void altersATableButNeverIntoAView(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);

        catalog.alterTable(ORDERS, table("altered", List.of()), false);
        assertThat(openCatalog(store).getTable(ORDERS).getComment()).isEqualTo("altered");

        assertThatThrownBy(() -> catalog.alterTable(ORDERS, view(), false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("it is a TABLE, not a VIEW");
        assertThatThrownBy(() -> catalog.alterTable(BIG_ORDERS, table(null, List.of()), false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("it is a VIEW, not a TABLE");
        assertThat(catalog.getTable(ORDERS)).isInstanceOf(CatalogTable.class);
        assertThat(catalog.getTable(BIG_ORDERS)).isInstanceOf(CatalogView.class);
    }

    @StoreTest
    void renamesATableUnlessTheNameIsTaken(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);

        assertThatThrownBy(() -> catalog.renameTable(ORDERS, "big_orders", false))
                .isInstanceOf(TableAlreadyExistException.class)
                .hasMessageContaining("shop.big_orders");
        assertThat(catalog.getTable(ORDERS).getComment()).isEqualTo("orders");

        catalog.renameTable(ORDERS, "all_orders", false);
        assertThat(catalog.listTables("shop")).containsExactly("all_orders", "big_orders");
        assertThat(catalog.getTable(new ObjectPath("shop", "all_orders")).getComment())
                .isEqualTo("orders");
        catalog.dropTable(BIG_ORDERS, false);
        assertThat(catalog.listViews("shop")).isEmpty();
    }

    @StoreTest
    void namesFunctionsCaseInsensitively(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);
        ObjectPath shouting = new ObjectPath("shop", "UPPER_Case");

        assertThat(catalog.functionExists(shouting)).isTrue();
        assertThat(catalog.listFunctions("shop")).containsExactly("upper_case");
        assertThatThrownBy(() -> catalog.createFunction(shouting, new CatalogFunctionImpl("x.Other"), false))
                .isInstanceOf(FunctionAlreadyExistException.class);
        catalog.createFunction(shouting, new CatalogFunctionImpl("x.Other"), true);
        assertThat(catalog.getFunction(UPPER).getClassName()).isEqualTo(UpperCase.class.getName());
    }

    @StoreTest
    void altersAndDropsFunctions(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);
        List<ResourceUri> resources = List.of(new ResourceUri(ResourceType.JAR, "file:///opt/udfs/upper.jar"));
        CatalogFunction altered =
                new CatalogFunctionImpl("x.Upper2", FunctionLanguage.JAVA, resources, Map.of("k", "v"));
        ObjectPath missing = new ObjectPath("shop", "missing");

        catalog.alterFunction(UPPER, altered, false);
        CatalogFunction read = openCatalog(store).getFunction(UPPER);
        assertThat(read.getClassName()).isEqualTo("x.Upper2");
        assertThat(read.getFunctionResources()).isEqualTo(resources);
        assertThat(read.getOptions()).isEqualTo(Map.of("k", "v"));

        assertThatThrownBy(() -> catalog.getFunction(missing)).isInstanceOf(FunctionNotExistException.class);
        assertThatThrownBy(() -> catalog.alterFunction(missing, altered, false))
                .isInstanceOf(FunctionNotExistException.class);
        assertThatThrownBy(() -> catalog.dropFunction(missing, false)).isInstanceOf(FunctionNotExistException.class);
        catalog.alterFunction(missing, altered, true);
        catalog.dropFunction(missing, true);
        assertThat(catalog.functionExists(missing)).isFalse();

        catalog.dropFunction(UPPER, false);
        assertThat(catalog.listFunctions("shop")).isEmpty();
    }

    @StoreTest
    void hasNoPartitionsAndRefusesToAddOne(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);
        ObjectPath partitioned = new ObjectPath("shop", "partitioned");
        catalog.createTable(partitioned, table(null, List.of("name")), false);
        CatalogPartitionSpec spec = new CatalogPartitionSpec(Map.of("name", "a"));

        assertThat(((CatalogTable) catalog.getTable(partitioned)).getPartitionKeys())
                .containsExactly("name");
        assertThat(catalog.listPartitions(partitioned)).isEmpty();
        assertThat(catalog.listPartitions(partitioned, spec)).isEmpty();
        assertThat(catalog.listPartitionsByFilter(partitioned, List.of())).isEmpty();
        assertThat(catalog.partitionExists(partitioned, spec)).isFalse();
        assertThatThrownBy(() -> catalog.listPartitions(ORDERS)).isInstanceOf(TableNotPartitionedException.class);
        assertThatThrownBy(() -> catalog.listPartitions(new ObjectPath("shop", "missing")))
                .isInstanceOf(TableNotExistException.class);
        assertThatThrownBy(() -> catalog.getPartition(partitioned, spec))
                .isInstanceOf(PartitionNotExistException.class);
        assertThatThrownBy(() -> catalog.dropPartition(partitioned, spec, false))
                .isInstanceOf(PartitionNotExistException.class);
        catalog.dropPartition(partitioned, spec, true);
        assertThatThrownBy(() ->
                        catalog.createPartition(partitioned, spec, new CatalogPartitionImpl(Map.of(), null), false))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage(
                        "Cannot add a partition to shop.partitioned in catalog sluice: Sluice's catalog does not store partitions");
    }

    @StoreTest
    void knowsNoStatistics(MetadataStore store) throws Exception {
        SluiceCatalog catalog = shop(store);
        CatalogPartitionSpec spec = new CatalogPartitionSpec(Map.of("name", "a"));

        assertThat(catalog.getTableStatistics(ORDERS)).isEqualTo(CatalogTableStatistics.UNKNOWN);
        assertThat(catalog.getTableColumnStatistics(ORDERS)).isEqualTo(CatalogColumnStatistics.UNKNOWN);
        assertThatThrownBy(() -> catalog.getTableStatistics(new ObjectPath("shop", "missing")))
                .isInstanceOf(TableNotExistException.class);
        assertThatThrownBy(() -> catalog.getPartitionStatistics(ORDERS, spec))
                .isInstanceOf(PartitionNotExistException.class);
        assertThatThrownBy(() -> catalog.alterTableStatistics(ORDERS, new CatalogTableStatistics(1, 1, 1, 1), false))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("does not store statistics");
    }
}
