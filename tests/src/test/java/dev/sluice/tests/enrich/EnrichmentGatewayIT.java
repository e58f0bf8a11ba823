package dev.sluice.tests.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.HostGrants;
import dev.sluice.gateway.testing.PostgresScans;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Enrichment functions end to end: declared through {@code /api/v1/functions}, called by name from SQL through the
 * gateway, looking keys up in the real PostgreSQL. What PostgreSQL itself counts (scans of the table) shows the
 * cache's hit ratio and that the rate limit holds.
 */
class EnrichmentGatewayIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final String POSTGRES_URL = System.getenv("SLUICE_TEST_POSTGRES_URL");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_USER", "sluice");
    private static final String POSTGRES_PASSWORD = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_PASSWORD", "");
    private static final String SCHEMA =
            "enrich_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll
    static void createTitles() throws SQLException {
        assumeTrue(
                POSTGRES_URL != null || "true".equals(System.getenv("SLUICE_REQUIRE_POSTGRES")),
                "SLUICE_TEST_POSTGRES_URL is not set; ./sluice test sets it");
        assertThat(POSTGRES_URL).as("SLUICE_TEST_POSTGRES_URL").isNotNull();
        // The test PostgreSQL listens on loopback, which a tenant's lookups reach only where an admin allows it.
        HostGrants.allowLoopback(GATEWAY.api(), "default");
        try (Connection connection = postgres();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE TABLE " + SCHEMA + ".titles (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute(
                    "INSERT INTO " + SCHEMA + ".titles SELECT i, 'title-' || i FROM generate_series(1, 100) i");
        }
    }

    @AfterAll
    static void dropTitles() throws SQLException {
        if (POSTGRES_URL != null) {
            try (Connection connection = postgres();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
            }
        }
    }

    @Test
    void aCatalogFunctionReturnsTheRightValuesAndQueriesEachKeyOnce() throws Exception {
        createFunction("enrich_title", "\"rateLimit\": {\"lookupsPerSecond\": 1000}, \"timeout\": \"5 s\"");
        String session = GATEWAY.api().openSession();

        assertThat(rows(session, "SELECT id, enrich_title(id) FROM (VALUES (1), (42), (404), (42)) AS t(id)"))
                .containsExactly("[1,\"title-1\"]", "[42,\"title-42\"]", "[404,\"none\"]", "[42,\"title-42\"]");

        // 600 rows over 12 keys, in a new job with a fresh cache: 12 queries, a hit ratio of 588 / 600
        long scansBefore = titleScans();
        GATEWAY.api()
                .run(
                        session,
                        "CREATE TEMPORARY TABLE numbers (n INT) WITH ('connector' = 'datagen', "
                                + "'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '600')");
        List<String> rows = rows(session, "SELECT k, enrich_title(k) FROM (SELECT MOD(n, 12) + 1 AS k FROM numbers)");

        assertThat(rows).hasSize(600).allSatisfy(row -> assertThat(row).matches("\\[(\\d+),\"title-\\1\"]"));
        assertThat(awaitScans(scansBefore, 12)).isEqualTo(12);
    }

    @Test
    void neverQueriesFasterThanItsRateLimit() throws Exception {
        double rate = 10;
        createFunction("limited_title", "\"rateLimit\": {\"lookupsPerSecond\": " + rate + "}, \"timeout\": \"300 ms\"");
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        "CREATE TEMPORARY TABLE numbers (n INT) WITH ('connector' = 'datagen', "
                                + "'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '200')");
        long scansBefore = titleScans();

        long start = System.nanoTime();
        List<String> rows = rows(session, "SELECT n, limited_title(n) FROM numbers");
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;

        assertThat(rows).hasSize(200).allSatisfy(row -> assertThat(row).matches("\\[(\\d+),\"(title-\\1|none)\"]"));
        long found = rows.stream().filter(row -> row.contains("title-")).count();
        long scans = awaitScans(scansBefore, found);
        assertThat(scans)
                .as("queries PostgreSQL saw in %.2f s", elapsedSeconds)
                .isPositive()
                .isLessThanOrEqualTo(1 + (long) (rate * elapsedSeconds));
        // keys 1..100 exist, but 200 distinct keys cannot all be looked up at 10/s: some got the fallback
        assertThat(found).isLessThan(100);
    }

    @Test
    void aBadSpecIsRefusedWithItsFieldAndNothingIsStored() {
        ApiClient.Response response = GATEWAY.api().post("/api/v1/functions", """
                {"name": "broken_title", "language": "ENRICHMENT",
                 "spec": {"source": {"type": "jdbc", "url": "%s", "table": "titles; DROP TABLE titles",
                                     "keyColumn": "id", "valueColumn": "name", "password": "secret"},
                          "cache": {"ttl": "forever"}}}""".formatted(POSTGRES_URL));

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.body().get("error");
        assertThat(error.get("field").asText()).isEqualTo("spec.source.password");
        assertThat(error.get("message").asText())
                .contains("spec.source.table", "spec.cache.ttl")
                .doesNotContain("secret");
        assertThat(GATEWAY.api().get("/api/v1/functions/broken_title").status()).isEqualTo(404);
    }

    private static void createFunction(String name, String limits) {
        String passwordRef = System.getenv("SLUICE_TEST_POSTGRES_PASSWORD") == null
                ? ""
                : ", \"passwordRef\": \"env:SLUICE_TEST_POSTGRES_PASSWORD\"";
        ApiClient.Response response = GATEWAY.api().post("/api/v1/functions", """
                {"name": "%s", "language": "ENRICHMENT",
                 "signature": {"parameters": [{"name": "id", "type": "INT"}], "result": "STRING"},
                 "spec": {"source": {"type": "jdbc", "url": "%s", "table": "%s.titles", "keyColumn": "id",
                                     "valueColumn": "name", "user": "%s"%s},
                          "fallback": "none", %s}}""".formatted(
                        name, POSTGRES_URL, SCHEMA, POSTGRES_USER, passwordRef, limits));
        assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
    }

    /** Runs a query through the gateway and returns each row's fields as JSON text, in arrival order. */
    private static List<String> rows(String session, String sql) {
        JsonNode statement = GATEWAY.api().run(session, sql).get("statements").get(0);
        return GATEWAY.api().readAll(statement.get("id").asText(), Duration.ofSeconds(120)).stream()
                .map(row -> row.get("fields").toString())
                .toList();
    }

    private static long awaitScans(long before, long expected) throws Exception {
        return PostgresScans.settledSince(EnrichmentGatewayIT::postgres, SCHEMA, "titles", before, expected);
    }

    private static long titleScans() throws SQLException {
        return PostgresScans.of(EnrichmentGatewayIT::postgres, SCHEMA, "titles");
    }

    private static Connection postgres() throws SQLException {
        return DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
    }
}
