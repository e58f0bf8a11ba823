package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/tables}: the catalog tables and views of the caller's tenant database with their columns, for the
 * console's completion; another tenant's tables never show.
 */
class TablesApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @Test
    void listsTheTenantsTablesAndViewsWithEveryKindOfColumn() {
        ApiClient admin = GATEWAY.api();
        admin.run(null, """
                CREATE TABLE orders (id INT, amount DECIMAL(10, 2), doubled AS amount * 2, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
                  WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'localhost:9',
                  'format' = 'json', 'scan.startup.mode' = 'earliest-offset');
                CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100;
                CREATE TEMPORARY TABLE scratch (x INT) WITH ('connector' = 'datagen');
                """);

        JsonNode list = admin.get("/api/v1/tables").body();

        assertThat(list.get("database").asText()).isEqualTo("default_database");
        Map<String, JsonNode> tables = byName(list.get("tables"));
        // A temporary table lives in its session only.
        assertThat(tables).containsKeys("orders", "big_orders").doesNotContainKey("scratch");
        assertThat(tables.get("orders").get("kind").asText()).isEqualTo("TABLE");
        assertThat(columns(tables.get("orders")))
                .containsExactly(
                        Map.entry("id", "INT"),
                        Map.entry("amount", "DECIMAL(10, 2)"),
                        Map.entry("doubled", "AS `amount` * 2"),
                        Map.entry("ts", "TIMESTAMP(3) WITH LOCAL TIME ZONE METADATA"));
        assertThat(tables.get("big_orders").get("kind").asText()).isEqualTo("VIEW");
        assertThat(columns(tables.get("big_orders"))).containsOnlyKeys("id", "amount");
    }

    @Test
    void anAnalystSeesTheirOwnTenantsTablesOnly() {
        ApiClient admin = GATEWAY.api();
        admin.post("/api/v1/tenants", "{\"name\": \"tabled\"}");
        ApiClient analyst =
                admin.withToken(admin.post("/api/v1/tenants/tabled/tokens", "{\"name\": \"a\", \"role\": \"analyst\"}")
                        .body()
                        .get("token")
                        .asText());
        admin.run(null, "CREATE TABLE admins_only (x INT) WITH ('connector' = 'datagen')");
        analyst.run(null, "CREATE TABLE mine (y STRING) WITH ('connector' = 'datagen')");

        JsonNode list = analyst.get("/api/v1/tables").body();

        assertThat(list.get("database").asText()).isEqualTo("tabled");
        assertThat(byName(list.get("tables"))).containsOnlyKeys("mine");
    }

    private static Map<String, JsonNode> byName(JsonNode tables) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        tables.forEach(table -> byName.put(table.get("name").asText(), table));
        return byName;
    }

    private static Map<String, String> columns(JsonNode table) {
        Map<String, String> columns = new LinkedHashMap<>();
        table.get("columns")
                .forEach(column -> columns.put(
                        column.get("name").asText(), column.get("type").asText()));
        return columns;
    }
}
