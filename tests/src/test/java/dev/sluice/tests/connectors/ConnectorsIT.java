package dev.sluice.tests.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The connector versions pinned in the root pom work with Flink 2.2 from SQL through the gateway, with no jar
 * handling by the user: the JDBC connector (built for Flink 2.0) upserts into and reads from a real PostgreSQL; the
 * Kafka connector's source and sink are planned (a broker of its own comes with the Kafka examples).
 */
class ConnectorsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final String POSTGRES_URL = System.getenv("SLUICE_TEST_POSTGRES_URL");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_USER", "sluice");
    private static final String POSTGRES_PASSWORD = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_PASSWORD", "");
    private static final String SCHEMA =
            "connectors_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void createTheTargetTable() throws SQLException {
        if (POSTGRES_URL == null) {
            return;
        }
        try (Connection connection = postgres();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE TABLE " + SCHEMA + ".totals (k VARCHAR(16) PRIMARY KEY, total BIGINT NOT NULL)");
        }
    }

    @AfterAll
    static void dropIt() throws SQLException {
        if (POSTGRES_URL == null) {
            return;
        }
        try (Connection connection = postgres();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void jdbcConnectorUpsertsIntoAndReadsFromPostgres() throws Exception {
        assumeTrue(
                POSTGRES_URL != null || "true".equals(System.getenv("SLUICE_REQUIRE_POSTGRES")),
                "SLUICE_TEST_POSTGRES_URL is not set; ./sluice test sets it");
        assertThat(POSTGRES_URL).as("SLUICE_TEST_POSTGRES_URL").isNotNull();
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        String.format(
                                "CREATE TABLE pg_totals (k STRING, total BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                                        + " 'connector' = 'jdbc', 'url' = '%s', 'table-name' = '%s.totals',"
                                        + " 'username' = '%s', 'password' = '%s')",
                                POSTGRES_URL, SCHEMA, POSTGRES_USER, POSTGRES_PASSWORD));

        JsonNode job = GATEWAY.api()
                .run(
                        session,
                        "INSERT INTO pg_totals SELECT k, SUM(v) FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) AS t(k, v) GROUP BY k")
                .get("statements")
                .get(0)
                .get("job");
        GATEWAY.api().awaitJobStatus(job.get("id").asText(), "FINISHED", Duration.ofSeconds(60));

        // The aggregate's updates arrive as upserts by primary key: one row per key, with its final total.
        assertThat(readTotals()).containsExactly(Map.entry("a", 4L), Map.entry("b", 2L));

        JsonNode query = GATEWAY.api()
                .run(session, "SELECT k, total FROM pg_totals")
                .get("statements")
                .get(0);
        List<JsonNode> rows = GATEWAY.api().readAll(query.get("id").asText(), Duration.ofSeconds(60));
        assertThat(rows)
                .extracting(JsonNode::toString)
                .containsExactlyInAnyOrder(
                        "{\"kind\":\"+I\",\"fields\":[\"a\",\"4\"]}", "{\"kind\":\"+I\",\"fields\":[\"b\",\"2\"]}");
    }

    @Test
    void kafkaConnectorSourceAndSinkArePlanned() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        "CREATE TABLE clicks (user_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ("
                                + " 'connector' = 'kafka', 'topic' = 'clicks', 'properties.bootstrap.servers' = '127.0.0.1:9',"
                                + " 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');"
                                + "CREATE TABLE clicks_per_minute (user_id STRING, window_start TIMESTAMP(3), n BIGINT) WITH ("
                                + " 'connector' = 'kafka', 'topic' = 'clicks-per-minute',"
                                + " 'properties.bootstrap.servers' = '127.0.0.1:9', 'format' = 'json')");

        JsonNode explain = GATEWAY.api()
                .run(
                        session,
                        "EXPLAIN INSERT INTO clicks_per_minute SELECT user_id, window_start, COUNT(*)"
                                + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                                + " GROUP BY user_id, window_start, window_end")
                .get("statements")
                .get(0);
        String plan = GATEWAY.api()
                .readAll(explain.get("id").asText(), Duration.ofSeconds(30))
                .get(0)
                .get("fields")
                .get(0)
                .asText();

        // The Kafka source takes the watermark itself (push-down), which only the real connector offers.
        assertThat(plan)
                .contains(
                        "TableSourceScan(table=[[sluice, default_database, clicks, watermark=",
                        "Sink(table=[sluice.default_database.clicks_per_minute]",
                        "GlobalWindowAggregate");
    }

    private static Map<String, Long> readTotals() throws SQLException {
        Map<String, Long> totals = new LinkedHashMap<>();
        try (Connection connection = postgres();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT k, total FROM " + SCHEMA + ".totals ORDER BY k")) {
            while (rows.next()) {
                totals.put(rows.getString(1), rows.getLong(2));
            }
        }
        return totals;
    }

    private static Connection postgres() throws SQLException {
        return DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
    }
}
