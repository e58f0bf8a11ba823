package dev.sluice.gateway.catalog;

import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.StoreConfig;
import dev.sluice.gateway.store.StoreTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.util.CollectionUtil;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog behind a real Flink TableEnvironment, as the gateway uses it. */
class SluiceCatalogSqlIT {

    private static final String CREATE_ORDERS = """
            CREATE TABLE orders (
              order_id BIGINT,
              customer STRING,
              amount DECIMAL(10, 2),
              order_time TIMESTAMP(3),
              doubled AS amount * 2,
              WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND,
              PRIMARY KEY (order_id) NOT ENFORCED
            ) COMMENT 'all orders' WITH ('connector' = 'datagen', 'rows-per-second' = '5')""";

    private static final String CREATE_BIG_ORDERS = """
            CREATE VIEW big_orders COMMENT 'orders over 10' AS
            SELECT order_id, upper_case(customer) AS customer, doubled, order_time FROM orders WHERE amount > 10""";

    /** Needs the view's time attribute, so it plans only if the watermark survived the store. */
    private static final String WINDOW_QUERY = """
            SELECT window_start, customer, SUM(doubled) AS total
            FROM TABLE(TUMBLE(TABLE big_orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE))
            GROUP BY window_start, window_end, customer""";

    // registerCatalog is deprecated for createCatalog, which builds catalogs from a factory; the gateway hands over
    // a catalog already wired to its store.
    @SuppressWarnings("deprecation")
    private static TableEnvironment environment(MetadataStore store) {
        TableEnvironment environment = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        environment.registerCatalog("sluice", new SluiceCatalog("sluice", store.catalogRepository()));
        environment.useCatalog("sluice");
        return environment;
    }

    private static TableEnvironment shop(MetadataStore store) {
        TableEnvironment environment = environment(store);
        environment.executeSql("CREATE DATABASE shop COMMENT 'the shop' WITH ('owner' = 'ana')");
        environment.useDatabase("shop");
        environment.executeSql(CREATE_ORDERS);
        environment.executeSql("CREATE FUNCTION upper_case AS '" + UpperCase.class.getName() + "' LANGUAGE JAVA");
        environment.executeSql(CREATE_BIG_ORDERS);
        return environment;
    }

    /** The first column of a statement that returns a few rows at once, such as SHOW; nothing is left to close. */
    private static List<String> rows(TableEnvironment environment, String sql) {
        return CollectionUtil.iteratorToList(environment.executeSql(sql).collect()).stream()
                .map(row -> String.valueOf(row.getField(0)))
                .toList();
    }

    private static ResolvedSchema schema(TableEnvironment environment, String path) {
        return environment.from(path).getResolvedSchema();
    }

    @StoreTest
    void aNewCatalogOnAReopenedStoreSeesTheSameObjects(MetadataStore store, StoreConfig config) throws Exception {
        TableEnvironment first = shop(store);
        ResolvedSchema orders = schema(first, "sluice.shop.orders");
        ResolvedSchema bigOrders = schema(first, "sluice.shop.big_orders");
        String createOrders =
                rows(first, "SHOW CREATE TABLE sluice.shop.orders").get(0);
        String createView =
                rows(first, "SHOW CREATE VIEW sluice.shop.big_orders").get(0);

        try (MetadataStore reopened = MetadataStore.open(config, new SimpleMeterRegistry())) {
            TableEnvironment second = environment(reopened);
            second.useDatabase("shop");

            assertThat(rows(second, "SHOW TABLES")).containsExactlyInAnyOrder("orders", "big_orders");
            assertThat(rows(second, "SHOW VIEWS")).containsExactly("big_orders");
            assertThat(rows(second, "SHOW USER FUNCTIONS")).containsExactly("upper_case");
            assertThat(schema(second, "sluice.shop.orders")).isEqualTo(orders);
            assertThat(schema(second, "sluice.shop.big_orders")).isEqualTo(bigOrders);
            assertThat(orders.getWatermarkSpecs())
                    .singleElement()
                    .satisfies(watermark ->
                            assertThat(watermark.getRowtimeAttribute()).isEqualTo("order_time"));
            assertThat(orders.getPrimaryKey()).hasValueSatisfying(key -> {
                assertThat(key.getColumns()).containsExactly("order_id");
                assertThat(key.isEnforced()).isFalse();
            });
            assertThat(orders.getColumn("doubled"))
                    .hasValueSatisfying(
                            column -> assertThat(column.isPhysical()).isFalse());
            assertThat(rows(second, "SHOW CREATE TABLE sluice.shop.orders")).containsExactly(createOrders);
            assertThat(rows(second, "SHOW CREATE VIEW sluice.shop.big_orders")).containsExactly(createView);
            assertThat(second.explainSql(WINDOW_QUERY)).contains("upper_case").contains("WindowAggregate");
        }
    }

    @StoreTest
    void altersAndRenamesThroughSql(MetadataStore store) throws Exception {
        TableEnvironment first = shop(store);
        first.executeSql("ALTER TABLE orders SET ('rows-per-second' = '50')");
        first.executeSql("ALTER TABLE orders RENAME TO all_orders");
        first.executeSql("ALTER DATABASE shop SET ('owner' = 'bo')");

        SluiceCatalog catalog = new SluiceCatalog("sluice", store.catalogRepository());
        assertThat(catalog.getTable(new ObjectPath("shop", "all_orders")).getOptions())
                .containsEntry("rows-per-second", "50");
        assertThat(catalog.tableExists(new ObjectPath("shop", "orders"))).isFalse();
        assertThat(catalog.getDatabase("shop").getProperties()).containsEntry("owner", "bo");
    }

    @StoreTest
    void refusesBadStatementsAndKeepsWhatWasThere(MetadataStore store) throws Exception {
        TableEnvironment environment = shop(store);

        assertThatThrownBy(() -> environment.executeSql(CREATE_ORDERS)).hasStackTraceContaining("already exists");
        assertThatThrownBy(() -> environment.executeSql("CREATE VIEW orders AS SELECT 1"))
                .hasStackTraceContaining("already exists");
        assertThatThrownBy(() -> environment.executeSql("CREATE FUNCTION upper_case AS 'x.Other'"))
                .hasStackTraceContaining("already exists");
        assertThatThrownBy(() -> environment.executeSql("DROP TABLE missing"))
                .hasStackTraceContaining("does not exist");
        assertThatThrownBy(() -> environment.executeSql("CREATE TABLE nope.t (a INT) WITH ('connector' = 'datagen')"))
                .hasStackTraceContaining("Database nope does not exist");
        // Flink refuses to drop the database in use before it asks the catalog.
        environment.useDatabase("default_database");
        assertThatThrownBy(() -> environment.executeSql("DROP DATABASE shop RESTRICT"))
                .hasStackTraceContaining("is not empty");

        assertThat(rows(environment, "SHOW TABLES FROM shop")).containsExactlyInAnyOrder("orders", "big_orders");
        SluiceCatalog catalog = new SluiceCatalog("sluice", store.catalogRepository());
        assertThat(catalog.getFunction(new ObjectPath("shop", "upper_case")).getClassName())
                .isEqualTo(UpperCase.class.getName());
        assertThat(catalog.listDatabases()).containsExactly("default_database", "shop");

        environment.executeSql("DROP DATABASE shop CASCADE");
        assertThat(catalog.listDatabases()).containsExactly("default_database");
    }

    @StoreTest
    void declaresPartitionedTablesButRefusesPartitions(MetadataStore store) throws Exception {
        TableEnvironment environment = shop(store);
        environment.executeSql(
                "CREATE TABLE by_day (v BIGINT, d STRING) PARTITIONED BY (d) WITH ('connector' = 'datagen')");

        assertThat(rows(environment, "SHOW PARTITIONS by_day")).isEmpty();
        assertThatThrownBy(() -> environment.executeSql("ALTER TABLE by_day ADD PARTITION (d = '2026-11-23')"))
                .hasStackTraceContaining("Sluice's catalog does not store partitions");
    }
}
