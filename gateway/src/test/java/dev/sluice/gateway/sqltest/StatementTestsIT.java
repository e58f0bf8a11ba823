package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/statements:test} on a real gateway and its cluster: event-time windows, joins and updating
 * aggregates run on the given rows with their tables' WATERMARKs, compared with exact rows; bad input is a 400 naming
 * its field; nothing of a test stays in the catalog or on the cluster.
 */
class StatementTestsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Clicks whose event time may be 1 s out of order. */
    private static final String CLICKS = """
            CREATE TABLE clicks (
              user_id STRING,
              url STRING,
              ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH ('connector' = 'datagen');
            """;

    private static final String COUNTS_SINK = """
            CREATE TABLE counts (user_id STRING, window_start TIMESTAMP(3), clicks BIGINT) WITH ('connector' = 'blackhole');
            """;

    @Test
    void aTumblingWindowCountsEachUsersClicksPerWindowIntoTheSinksCollector() {
        JsonNode outcome = passes(test(CLICKS + COUNTS_SINK + """
                INSERT INTO counts
                SELECT user_id, window_start, COUNT(*)
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
                GROUP BY user_id, window_start, window_end
                """, """
                {"clicks": [
                  {"user_id": "u1", "url": "/a", "ts": "2026-12-07T10:00:01"},
                  {"user_id": "u1", "url": "/b", "ts": "2026-12-07T10:00:05"},
                  {"user_id": "u2", "url": "/a", "ts": "2026-12-07T10:00:07"},
                  {"user_id": "u1", "url": "/c", "ts": "2026-12-07T10:00:12"}]}
                """, """
                [{"user_id": "u1", "window_start": "2026-12-07T10:00:00", "clicks": 2},
                 {"user_id": "u2", "window_start": "2026-12-07 10:00:00.000", "clicks": "1"},
                 {"user_id": "u1", "window_start": "2026-12-07T10:00:10", "clicks": 1}]
                """));

        assertThat(outcome.get("columns").toString())
                .isEqualTo(
                        "[{\"name\":\"user_id\",\"type\":\"STRING\"},{\"name\":\"window_start\",\"type\":\"TIMESTAMP(3)\"},"
                                + "{\"name\":\"clicks\",\"type\":\"BIGINT\"}]");
        // In the forms of query results: BIGINT as a string, timestamps with their type's digits.
        assertThat(outcome.get("actual").toString())
                .contains("{\"user_id\":\"u1\",\"window_start\":\"2026-12-07T10:00:10.000\",\"clicks\":\"1\"}");
    }

    @Test
    void aHoppingWindowCountsEachEventInEveryWindowThatHoldsIt() {
        passes(test(CLICKS + """
                SELECT window_start, window_end, COUNT(*) AS n
                FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
                GROUP BY window_start, window_end
                """, """
                {"clicks": [{"user_id": "u1", "ts": "2026-12-07T10:00:01"}, {"user_id": "u1", "ts": "2026-12-07T10:00:06"}]}
                """, """
                [{"window_start": "2026-12-07T09:59:55", "window_end": "2026-12-07T10:00:05", "n": 1},
                 {"window_start": "2026-12-07T10:00:00", "window_end": "2026-12-07T10:00:10", "n": 2},
                 {"window_start": "2026-12-07T10:00:05", "window_end": "2026-12-07T10:00:15", "n": 1}]
                """));
    }

    @Test
    void aSessionWindowClosesAfterTheGap() {
        passes(test(CLICKS + """
                SELECT user_id, window_start, window_end, COUNT(*) AS n
                FROM TABLE(SESSION(TABLE clicks PARTITION BY user_id, DESCRIPTOR(ts), INTERVAL '5' SECOND))
                GROUP BY user_id, window_start, window_end
                """, """
                {"clicks": [
                  {"user_id": "u1", "ts": "2026-12-07T10:00:00"},
                  {"user_id": "u1", "ts": "2026-12-07T10:00:03"},
                  {"user_id": "u2", "ts": "2026-12-07T10:00:04"},
                  {"user_id": "u1", "ts": "2026-12-07T10:00:20"}]}
                """, """
                [{"user_id": "u1", "window_start": "2026-12-07T10:00:00", "window_end": "2026-12-07T10:00:08", "n": 2},
                 {"user_id": "u2", "window_start": "2026-12-07T10:00:04", "window_end": "2026-12-07T10:00:09", "n": 1},
                 {"user_id": "u1", "window_start": "2026-12-07T10:00:20", "window_end": "2026-12-07T10:00:25", "n": 1}]
                """));
    }

    @Test
    void aCumulatingWindowGrowsStepByStepUpToItsSize() {
        passes(test(CLICKS + """
                SELECT window_start, window_end, COUNT(*) AS n
                FROM TABLE(CUMULATE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
                GROUP BY window_start, window_end
                """, """
                {"clicks": [{"ts": "2026-12-07T10:00:01"}, {"ts": "2026-12-07T10:00:06"}, {"ts": "2026-12-07T10:00:11"}]}
                """, """
                [{"window_start": "2026-12-07T10:00:00", "window_end": "2026-12-07T10:00:05", "n": 1},
                 {"window_start": "2026-12-07T10:00:00", "window_end": "2026-12-07T10:00:10", "n": 2},
                 {"window_start": "2026-12-07T10:00:10", "window_end": "2026-12-07T10:00:15", "n": 1},
                 {"window_start": "2026-12-07T10:00:10", "window_end": "2026-12-07T10:00:20", "n": 1}]
                """));
    }

    /** o3 arrives after o2 although it happened before it, within the orders' 5 s watermark delay: it still joins. */
    @Test
    void anIntervalJoinMatchesARowThatArrivesOutOfOrder() {
        passes(test("""
                CREATE TABLE orders (order_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
                  WITH ('connector' = 'datagen');
                CREATE TABLE shipments (order_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
                  WITH ('connector' = 'datagen');
                SELECT o.order_id, s.ts AS shipped
                FROM orders o JOIN shipments s
                  ON o.order_id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND
                """, """
                {"orders": [
                   {"order_id": "o1", "ts": "2026-12-07T10:00:00"},
                   {"order_id": "o2", "ts": "2026-12-07T10:00:08"},
                   {"order_id": "o3", "ts": "2026-12-07T10:00:04"}],
                 "shipments": [
                   {"order_id": "o1", "ts": "2026-12-07T10:00:05"},
                   {"order_id": "o3", "ts": "2026-12-07T10:00:09"},
                   {"order_id": "o2", "ts": "2026-12-07T10:00:30"}]}
                """, """
                [{"order_id": "o1", "shipped": "2026-12-07T10:00:05"}, {"order_id": "o3", "shipped": "2026-12-07T10:00:09"}]
                """));
    }

    /**
     * The third click is 7 s older than the latest: past the 1 s delay its window [10:00:00, 10:00:10) has fired, so it
     * is dropped. With a 10 s delay the same rows count it. (Flink SQL has no allowed lateness for window TVFs: the
     * watermark delay is how a statement keeps late rows.)
     */
    @Test
    void aLateRowIsDroppedAfterItsWindowFiredAndKeptWithALongerWatermarkDelay() {
        String window = """
                SELECT window_start, COUNT(*) AS n
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end
                """;
        String rows = """
                {"clicks": [{"ts": "2026-12-07T10:00:01"}, {"ts": "2026-12-07T10:00:12"}, {"ts": "2026-12-07T10:00:05"}]}
                """;
        passes(test(CLICKS + window, rows, """
                [{"window_start": "2026-12-07T10:00:00", "n": 1}, {"window_start": "2026-12-07T10:00:10", "n": 1}]
                """));
        passes(test(CLICKS.replace("INTERVAL '1' SECOND", "INTERVAL '10' SECOND") + window, rows, """
                [{"window_start": "2026-12-07T10:00:00", "n": 2}, {"window_start": "2026-12-07T10:00:10", "n": 1}]
                """));
    }

    @Test
    void anUpdatingAggregateIsComparedByItsChangelogOrByTheResultItLeaves() {
        String sql = CLICKS + "SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id";
        String rows = """
                {"clicks": [{"user_id": "u1"}, {"user_id": "u1"}, {"user_id": "u2"}]}
                """;
        ObjectNode changelog = test(sql, rows, """
                [{"kind": "+I", "row": {"user_id": "u1", "clicks": 1}},
                 {"kind": "-U", "row": {"user_id": "u1", "clicks": 1}},
                 {"kind": "+U", "row": {"user_id": "u1", "clicks": 2}},
                 {"kind": "+I", "row": {"user_id": "u2", "clicks": 1}}]
                """);
        changelog.put("changelog", true).put("ordered", true);
        passes(changelog);

        passes(test(sql, rows, """
                [{"user_id": "u2", "clicks": 1}, {"user_id": "u1", "clicks": 2}]
                """));
    }

    @Test
    void aFailingTestShowsTheMissingAndUnexpectedRows() {
        JsonNode outcome = run(GATEWAY.api(), test(CLICKS + "SELECT user_id FROM clicks WHERE url = '/a'", """
                {"clicks": [{"user_id": "u1", "url": "/a"}, {"user_id": "u2", "url": "/b"}]}
                """, """
                [{"user_id": "u2"}]
                """));

        assertThat(outcome.get("passed").asBoolean()).isFalse();
        assertThat(outcome.get("actual").toString()).isEqualTo("[{\"user_id\":\"u1\"}]");
        assertThat(outcome.get("missing").toString()).isEqualTo("[{\"user_id\":\"u2\"}]");
        assertThat(outcome.get("unexpected").toString()).isEqualTo("[{\"user_id\":\"u1\"}]");
    }

    @Test
    void aTableGivenNoRowsEndsAtOnceAndTheStatementProducesNothing() {
        passes(test(CLICKS + "SELECT user_id FROM clicks", "{\"clicks\": []}", "[]"));
    }

    @Test
    void aJavaScriptFunctionOfTheCatalogRunsInTheStatement() {
        Response created = GATEWAY.api().post("/api/v1/functions", """
                {"name": "shout", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "shout",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function shout(s) { return s === null ? null : s.toUpperCase() + '!'; }"}
                """);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

        passes(test(CLICKS + "SELECT shout(url) AS loud FROM clicks", """
                {"clicks": [{"url": "/a"}, {"url": null}]}
                """, """
                [{"loud": "/A!"}, {"loud": null}]
                """));
    }

    @Test
    void aCatalogTableIsReadFromTheInputAndKeepsItsRealConnector() {
        GATEWAY.api().run(null, "CREATE TABLE page_views (page STRING, n INT) WITH ('connector' = 'datagen')");

        passes(test("SELECT page, n * 2 AS doubled FROM page_views", """
                {"page_views": [{"page": "home", "n": 21}]}
                """, """
                [{"page": "home", "doubled": 42}]
                """));

        assertThat(GATEWAY.api().run(null, "SHOW CREATE TABLE page_views").toString())
                .doesNotContain("sluice-test-rows");
    }

    @Test
    void aColumnThatDoesNotExistIsNamedByTableRowAndColumn() {
        JsonNode error = refused(test(CLICKS + "SELECT user_id FROM clicks", """
                {"clicks": [{"user_id": "u1"}, {"usr_id": "u2"}]}
                """, "[]"));

        assertThat(error.get("field").asText()).isEqualTo("inputs.clicks[1].usr_id");
        assertThat(error.get("message").asText()).isEqualTo("Table clicks has no column 'usr_id'.");
        assertThat(error.get("hint").asText()).contains("user_id");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByTableRowAndColumn() {
        JsonNode error = refused(test(CLICKS + "SELECT user_id FROM clicks", """
                {"clicks": [{"user_id": "u1"}, {"user_id": "u2"}, {"user_id": "u3", "ts": "yesterday"}]}
                """, "[]"));

        assertThat(error.get("field").asText()).isEqualTo("inputs.clicks[2].ts");
        assertThat(error.get("message").asText())
                .startsWith("Field 'inputs.clicks[2].ts' is \"yesterday\", not a TIMESTAMP(3)");
    }

    @Test
    void anInputTheStatementDoesNotReadIsRefused() {
        JsonNode error = refused(test(CLICKS + "SELECT user_id FROM clicks", """
                {"clicks": [], "clickz": [{"user_id": "u1"}]}
                """, "[]"));

        assertThat(error.get("field").asText()).isEqualTo("inputs.clickz");
        assertThat(error.get("message").asText())
                .isEqualTo("The statement reads no table named 'clickz'; it reads clicks.");
    }

    /** A table read without rows would be read from its real connector, and datagen's never ends. */
    @Test
    void aTableReadWithoutInputIsRefusedNamingIt() {
        JsonNode error = refused(test(CLICKS + "SELECT user_id FROM clicks", "{}", "[]"));

        assertThat(error.get("field").asText()).isEqualTo("inputs");
        assertThat(error.get("message").asText())
                .isEqualTo("The statement reads table 'clicks', but the test gives no rows for it.");
    }

    @Test
    void aStatementThatIsNotAQueryOrAnInsertIsRefused() {
        JsonNode error = refused(test(CLICKS + "CREATE TABLE more (a INT) WITH ('connector' = 'datagen')", "{}", "[]"));

        assertThat(error.get("field").asText()).isEqualTo("sql");
        assertThat(error.get("line").asInt()).isEqualTo(7);
        assertThat(error.get("message").asText()).contains("not a query or an INSERT");
    }

    @Test
    void aStatementThatDoesNotValidateFailsWithItsPosition() {
        JsonNode outcome = run(GATEWAY.api(), test(CLICKS + "SELECT nope FROM clicks", "{\"clicks\": []}", "[]"));

        assertThat(outcome.get("passed").asBoolean()).isFalse();
        JsonNode diagnostic = outcome.get("diagnostics").get(0);
        assertThat(diagnostic.get("severity").asText()).isEqualTo("error");
        assertThat(diagnostic.get("line").asInt()).isEqualTo(7);
        assertThat(diagnostic.get("column").asInt()).isEqualTo(8);
    }

    @Test
    void aTenantCannotUseAnotherTenantsTablesOrFunctions() {
        Analyst acme = Analyst.of(GATEWAY, "acme", "tester");
        Analyst beta = Analyst.of(GATEWAY, "beta", "tester");
        acme.api().run(null, "CREATE TABLE secrets (s STRING) WITH ('connector' = 'datagen')");
        Response created = acme.api().post("/api/v1/functions", """
                {"name": "acme_only", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "f",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function f(s) { return s; }"}
                """);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

        JsonNode table = run(
                beta.api(),
                test("SELECT s FROM sluice.acme.secrets", "{\"secrets\": [{\"s\": \"x\"}]}", "[{\"s\": \"x\"}]"));
        assertThat(table.get("passed").asBoolean()).isFalse();
        assertThat(table.get("diagnostics").get(0).get("message").asText()).contains("'acme' not found");

        JsonNode function = run(beta.api(), test("SELECT acme_only('x') AS s", "{}", "[{\"s\": \"x\"}]"));
        assertThat(function.get("passed").asBoolean()).isFalse();
        assertThat(function.get("diagnostics").get(0).get("message").asText()).contains("acme_only");

        passes(run(
                acme.api(),
                test("SELECT acme_only(s) AS s FROM secrets", "{\"secrets\": [{\"s\": \"x\"}]}", "[{\"s\": \"x\"}]")));
    }

    /** The test would read its rows, not the file; still, a table the tenant may not declare fails it, as anywhere. */
    @Test
    void theTenantsPolicyAppliesAlthoughNoRealConnectorIsRead() {
        JsonNode outcome = run(GATEWAY.api(), test("""
                CREATE TABLE secrets (line STRING) WITH ('connector' = 'filesystem', 'path' = '/etc/passwd', 'format' = 'csv');
                SELECT line FROM secrets
                """, "{\"secrets\": [{\"line\": \"x\"}]}", "[{\"line\": \"x\"}]"));

        assertThat(outcome.get("passed").asBoolean()).isFalse();
        assertThat(outcome.get("actual")).isEmpty();
        JsonNode denial = outcome.get("diagnostics").get(0);
        assertThat(denial.get("code").asText()).isEqualTo("POLICY_PATH_NOT_ALLOWED");
        assertThat(denial.get("line").asInt()).isEqualTo(1);
    }

    @Test
    void nothingOfATestStaysInTheCatalogOrOnTheCluster() throws Exception {
        passes(test(CLICKS + COUNTS_SINK + "INSERT INTO counts SELECT user_id, ts, 1 FROM clicks", """
                {"clicks": [{"user_id": "u1", "ts": "2026-12-07T10:00:01"}]}
                """, """
                [{"user_id": "u1", "window_start": "2026-12-07T10:00:01", "clicks": 1}]
                """));

        assertThat(GATEWAY.api().get("/api/v1/tables").body().toString())
                .doesNotContain("\"clicks\"", "\"counts\"", "sluice_test_result");
        for (JsonNode job : clusterJobs(GATEWAY)) {
            assertThat(job.get("state").asText()).as(job.toString()).isIn("FINISHED", "CANCELED", "FAILED");
        }
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().toString()).doesNotContain("statement test");
    }

    /** docs/statement-tests.md's worked example passes as written, with the answer the page shows. */
    @Test
    void theDocumentedExamplePassesAsWritten() throws IOException {
        List<String> page = Files.readAllLines(Path.of("..", "docs", "statement-tests.md"));
        int marker = page.indexOf("<!-- StatementTestsIT: example -->");
        assertThat(marker).as("the example's marker in docs/statement-tests.md").isNotNegative();
        assertThat(page.get(marker + 1)).isEqualTo("```json");
        int end = page.subList(marker + 2, page.size()).indexOf("```") + marker + 2;
        ObjectNode example = (ObjectNode) MAPPER.readTree(String.join("\n", page.subList(marker + 2, end)));

        JsonNode outcome = passes(example);

        int answer = page.subList(end + 1, page.size()).indexOf("```json") + end + 1;
        int answerEnd = page.subList(answer + 1, page.size()).indexOf("```") + answer + 1;
        assertThat(outcome).isEqualTo(MAPPER.readTree(String.join("\n", page.subList(answer + 1, answerEnd))));

        ((ObjectNode) example.get("expected").get(0)).put("clicks", 2);
        JsonNode failed = run(GATEWAY.api(), example);
        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(failed.get("missing").toString())
                .isEqualTo("[{\"user_id\":\"u1\",\"window_start\":\"2026-12-07T10:00:00.000\",\"clicks\":\"2\"}]");
        assertThat(failed.get("unexpected").toString())
                .isEqualTo("[{\"user_id\":\"u1\",\"window_start\":\"2026-12-07T10:00:00.000\",\"clicks\":\"1\"}]");
    }

    /** Every job the gateway's cluster knows, as its REST API lists them. */
    static List<JsonNode> clusterJobs(SluiceServerExtension gateway) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(gateway.clusterUrl() + "/jobs/overview"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        List<JsonNode> jobs = new ArrayList<>();
        MAPPER.readTree(response.body()).get("jobs").forEach(jobs::add);
        return jobs;
    }

    static ObjectNode test(String sql, String inputs, String expected) {
        try {
            ObjectNode request = MAPPER.createObjectNode().put("sql", sql);
            request.set("inputs", MAPPER.readTree(inputs));
            request.set("expected", MAPPER.readTree(expected));
            return request;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode passes(ObjectNode request) {
        return passes(run(GATEWAY.api(), request));
    }

    private static JsonNode passes(JsonNode outcome) {
        assertThat(outcome.get("passed").asBoolean())
                .as(outcome.toPrettyString())
                .isTrue();
        assertThat(outcome.get("missing")).isEmpty();
        assertThat(outcome.get("unexpected")).isEmpty();
        return outcome;
    }

    private static JsonNode run(ApiClient client, ObjectNode request) {
        Response response = client.post("/api/v1/statements:test", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode refused(ObjectNode request) {
        Response response = GATEWAY.api().post("/api/v1/statements:test", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("INVALID_REQUEST");
        return response.body().get("error");
    }
}
