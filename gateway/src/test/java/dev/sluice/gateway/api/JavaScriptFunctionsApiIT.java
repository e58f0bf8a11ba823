package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** JavaScript functions through the real gateway: published over REST, compiled on publish, called from SQL. */
class JavaScriptFunctionsApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @Test
    void aScalarAndATableFunctionReturnExactRowsAndABrokenVersionIsRefusedWithItsPosition() {
        ApiClient api = GATEWAY.api();
        Response scalar = api.post("/api/v1/functions", """
                {"name": "tidy", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "tidy",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function tidy(s) {\\n  return s === null ? null : s.trim().replace(/\\\\s+/g, ' ').toLowerCase();\\n}"}
                """);
        assertThat(scalar.status()).as(scalar.body().toString()).isEqualTo(201);
        Response table = api.post("/api/v1/functions", """
                {"name": "words", "language": "JAVASCRIPT", "kind": "TABLE", "entry": "words",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "ROW<word STRING, len INT>"},
                 "source": "function* words(s) { if (s === null) return; for (const w of s.split(' ')) yield {word: w, len: w.length}; }"}
                """);
        assertThat(table.status()).as(table.body().toString()).isEqualTo(201);

        assertThat(
                        rows(
                                api,
                                "SELECT tidy(s), word, len FROM (VALUES ('  Big   Data ')) AS t(s), LATERAL TABLE(words(tidy(s)))"))
                .containsExactlyInAnyOrder("[\"big data\",\"big\",3]", "[\"big data\",\"data\",4]");

        Response broken = api.post("/api/v1/functions/tidy/versions", """
                {"kind": "SCALAR", "entry": "tidy", "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function tidy(s) {\\n  return s +;\\n}"}
                """);
        assertThat(broken.status()).as(broken.body().toString()).isEqualTo(400);
        JsonNode error = broken.body().get("error");
        assertThat(error.get("field").asText()).isEqualTo("source");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isEqualTo(13);
        assertThat(rows(api, "SELECT tidy(' A ')"))
                .as("version 1 still current")
                .containsExactly("[\"a\"]");
    }

    /** The console's try-it box: the current version runs once in the sandbox; bad input is a 400 naming its field. */
    @Test
    void aFunctionIsTriedOnSampleInputAndBadInputIsRefusedWithItsField() {
        ApiClient api = GATEWAY.api();
        Response created = api.post("/api/v1/functions", """
                {"name": "scale", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "scale",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}, {"name": "n", "type": "INT"}], "result": "STRING"},
                 "source": "function scale(s, n) { if (n < 0) throw new Error('negative'); return s.repeat(n); }"}
                """);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

        Response tried = api.post("/api/v1/functions/scale:try", "{\"arguments\": [\"ab\", 3]}");
        assertThat(tried.status()).as(tried.body().toString()).isEqualTo(200);
        assertThat(tried.body().get("result").asText()).isEqualTo("ababab");
        assertThat(tried.body().get("version").asInt()).isEqualTo(1);
        // null reaches the script as null; what it does with it is the script's business (here a TypeError).
        assertRefused(api.post("/api/v1/functions/scale:try", "{\"arguments\": [null, 1]}"), 400, "source");

        assertRefused(api.post("/api/v1/functions/scale:try", "{\"arguments\": [\"ab\"]}"), 400, "arguments");
        assertRefused(api.post("/api/v1/functions/scale:try", "{\"arguments\": [\"ab\", 1.5]}"), 400, "arguments[1]");
        assertRefused(api.post("/api/v1/functions/scale:try", "{\"arguments\": [\"ab\", \"3\"]}"), 400, "arguments[1]");
        assertRefused(api.post("/api/v1/functions/scale:try", "{\"arguments\": [\"ab\", -1]}"), 400, "source");
        assertRefused(api.post("/api/v1/functions/scale:try", "{}"), 400, "arguments");
        assertThat(api.post("/api/v1/functions/nope:try", "{\"arguments\": []}").status())
                .isEqualTo(404);
    }

    private static void assertRefused(Response response, int status, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().get("error").get("field").asText()).isEqualTo(field);
    }

    /**
     * Hot reload through the gateway: a streaming query calls a reloadable function; a new version published while
     * it runs reaches the running task through the catalog (the job's version source reads the metadata store), and
     * rows start showing it within 30 seconds, without a restart. A version that fails to compile is refused on
     * publish and never reaches the job.
     */
    @Test
    void aRunningQueryPicksUpANewVersionOfAReloadableFunctionWithin30Seconds() throws InterruptedException {
        ApiClient api = GATEWAY.api();
        Response created = api.post("/api/v1/functions", """
                {"name": "stamp", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "stamp", "reloadable": true,
                 "signature": {"parameters": [{"name": "n", "type": "BIGINT"}], "result": "STRING"},
                 "source": "function stamp(n) { return 'v1'; }"}
                """);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode script = api.run(
                null,
                "CREATE TEMPORARY TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20');"
                        + "SELECT stamp(n) FROM ticks");
        String queryId = script.get("statements").get(1).get("id").asText();
        long token = awaitValue(api, queryId, 0, "\"v1\"", Duration.ofSeconds(120));

        Response broken = api.post("/api/v1/functions/stamp/versions", """
                {"kind": "SCALAR", "entry": "stamp", "source": "function stamp(n) { return 'v1' +; }",
                 "signature": {"parameters": [{"name": "n", "type": "BIGINT"}], "result": "STRING"}}
                """);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().get("error").get("field").asText()).isEqualTo("source");
        Response published = api.post("/api/v1/functions/stamp/versions", """
                {"kind": "SCALAR", "entry": "stamp", "source": "function stamp(n) { return 'v2'; }",
                 "signature": {"parameters": [{"name": "n", "type": "BIGINT"}], "result": "STRING"}}
                """);
        assertThat(published.status()).as(published.body().toString()).isEqualTo(201);
        long publishedAt = System.nanoTime();

        awaitValue(api, queryId, token, "\"v2\"", Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - publishedAt)).isLessThan(Duration.ofSeconds(30));
        assertThat(api.delete("/api/v1/statements/" + queryId).status()).isEqualTo(204);
    }

    /** Reads pages from {@code token} until a row's only field is {@code value}; answers the next token. */
    private static long awaitValue(ApiClient api, String statementId, long token, String value, Duration timeout) {
        AtomicLong next = new AtomicLong(token);
        await("a row " + value + " of " + statementId)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Response page = api.get("/api/v1/statements/" + statementId + "/results?token=" + next.get());
                    assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
                    next.set(page.body().get("nextToken").asLong());
                    for (JsonNode row : page.body().get("rows")) {
                        if (row.get("fields").get(0).toString().equals(value)) {
                            return true;
                        }
                    }
                    return false;
                });
        return next.get();
    }

    private static List<String> rows(ApiClient api, String sql) {
        JsonNode statement = api.run(null, sql).get("statements").get(0);
        return api.readAll(statement.get("id").asText(), Duration.ofSeconds(120)).stream()
                .map(row -> row.get("fields").toString())
                .toList();
    }
}
