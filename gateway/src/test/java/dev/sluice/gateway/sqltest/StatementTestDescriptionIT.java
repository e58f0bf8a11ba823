package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/statements:describeTest} on a real gateway: the columns a test case of a script gives (each table
 * the statement reads) and expects (its result), which the console's Tests panel pre-fills its grids with.
 */
class StatementTestDescriptionIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A computed column is computed from the others, so a test does not give it. */
    private static final String CLICKS = """
            CREATE TABLE clicks (
              user_id STRING,
              url STRING,
              ts TIMESTAMP(3),
              host AS SUBSTRING(url, 1, 4),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH ('connector' = 'datagen');
            """;

    @Test
    void anInsertGivesTheInputColumnsOfEachTableItReadsAndExpectsItsSinksColumns() {
        JsonNode description = describe(GATEWAY.api(), CLICKS + """
                CREATE TABLE pages (url STRING, title STRING) WITH ('connector' = 'datagen');
                CREATE TABLE counts (title STRING, window_start TIMESTAMP(3), clicks BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO counts
                SELECT p.title, c.window_start, COUNT(*)
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) c
                JOIN pages p ON c.url = p.url
                GROUP BY p.title, c.window_start, c.window_end
                """);

        assertThat(description.get("valid").asBoolean()).isTrue();
        assertThat(description.get("inputs").toString())
                .isEqualTo("{\"clicks\":[" + column("user_id", "STRING") + "," + column("url", "STRING") + ","
                        + column("ts", "TIMESTAMP(3)") + "],\"pages\":[" + column("url", "STRING") + ","
                        + column("title", "STRING") + "]}");
        assertThat(description.get("columns").toString())
                .isEqualTo("[" + column("title", "STRING") + "," + column("window_start", "TIMESTAMP(3)") + ","
                        + column("clicks", "BIGINT") + "]");
    }

    /** A query's window bounds are time attributes of the plan; a test's rows hold plain timestamps. */
    @Test
    void aQueryExpectsItsResultColumnsAsPlainTypes() {
        JsonNode description = describe(GATEWAY.api(), CLICKS + """
                SELECT window_start, window_end, COUNT(*) AS clicks
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end
                """);

        assertThat(description.get("columns").toString())
                .isEqualTo("[" + column("window_start", "TIMESTAMP(3) NOT NULL") + ","
                        + column("window_end", "TIMESTAMP(3) NOT NULL") + "," + column("clicks", "BIGINT NOT NULL")
                        + "]");
    }

    @Test
    void aScriptThatDoesNotValidateIsDescribedByItsErrorsAtTheirPlace() {
        JsonNode description = describe(GATEWAY.api(), CLICKS + "SELECT nope FROM clicks");

        assertThat(description.get("valid").asBoolean()).isFalse();
        assertThat(description.get("inputs")).isEmpty();
        assertThat(description.get("columns")).isEmpty();
        JsonNode diagnostic = description.get("diagnostics").get(0);
        assertThat(diagnostic.get("line").asInt()).isEqualTo(8);
        assertThat(diagnostic.get("column").asInt()).isEqualTo(8);
    }

    @Test
    void aScriptThatEndsInNeitherAQueryNorAnInsertIsRefusedNamingSql() {
        Response response = GATEWAY.api()
                .post(
                        "/api/v1/statements:describeTest",
                        MAPPER.createObjectNode().put("sql", CLICKS + "CREATE TABLE more (a INT)"));

        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().get("error").get("field").asText()).isEqualTo("sql");
        assertThat(response.body().get("error").get("line").asInt()).isEqualTo(8);
    }

    /** Describing would otherwise show another tenant's columns. */
    @Test
    void aTenantCannotSeeTheColumnsOfAnotherTenantsTable() {
        Analyst acme = Analyst.of(GATEWAY, "acme", "describer");
        Analyst beta = Analyst.of(GATEWAY, "beta", "describer");
        acme.api().run(null, "CREATE TABLE secrets (s STRING, pin INT) WITH ('connector' = 'datagen')");

        JsonNode theirs = describe(beta.api(), "SELECT * FROM sluice.acme.secrets");
        assertThat(theirs.get("valid").asBoolean()).isFalse();
        assertThat(theirs.get("inputs")).isEmpty();
        assertThat(theirs.toString()).doesNotContain("pin");

        JsonNode own = describe(acme.api(), "SELECT * FROM secrets");
        assertThat(own.get("inputs").get("secrets").toString()).contains("pin");
    }

    /** docs/statement-tests.md describes its worked example's script with this answer. */
    @Test
    void theDocumentedDescriptionIsWhatTheGatewayAnswers() throws IOException {
        List<String> page = Files.readAllLines(Path.of("..", "docs", "statement-tests.md"));
        JsonNode example = MAPPER.readTree(jsonAfter(page, "<!-- StatementTestsIT: example -->"));

        JsonNode description = describe(GATEWAY.api(), example.get("sql").asText());

        assertThat(description)
                .isEqualTo(MAPPER.readTree(jsonAfter(page, "<!-- StatementTestDescriptionIT: example -->")));
    }

    /** The JSON block on the lines after {@code marker}. */
    private static String jsonAfter(List<String> page, String marker) {
        int at = page.indexOf(marker);
        assertThat(at).as(marker + " in docs/statement-tests.md").isNotNegative();
        assertThat(page.get(at + 1)).isEqualTo("```json");
        int end = page.subList(at + 2, page.size()).indexOf("```") + at + 2;
        return String.join("\n", page.subList(at + 2, end));
    }

    private static JsonNode describe(ApiClient client, String sql) {
        Response response = client.post(
                "/api/v1/statements:describeTest", MAPPER.createObjectNode().put("sql", sql));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static String column(String name, String type) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\"}";
    }
}
