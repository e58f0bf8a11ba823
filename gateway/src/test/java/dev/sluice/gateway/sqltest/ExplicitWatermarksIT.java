package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.DocumentedExample;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statement tests whose watermarks are written among the input rows ({@code "watermarks": {"clicks": "explicit"}}):
 * a window fires exactly when a watermark reaches its end, a row behind a watermark is dropped, and the table's own
 * WATERMARK makes no watermark meanwhile. Bad forms are a 400 naming the field.
 */
class ExplicitWatermarksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Clicks whose own strategy would hold the watermark 1 s behind the latest click. */
    private static final String CLICKS = """
            CREATE TABLE clicks (
              user_id STRING,
              ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH ('connector' = 'datagen');
            """;

    private static final String COUNTS = CLICKS + """
            SELECT user_id, window_start, COUNT(*) AS clicks
            FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
            GROUP BY user_id, window_start, window_end
            """;

    /**
     * The window [10:00:00, 10:00:10) fires at a watermark of 10:00:09.999, not before: a click of 10:00:05 after a
     * watermark of 10:00:09.998 still counts, one of 10:00:07 after 10:00:09.999 is dropped. The window fires there,
     * before the next window's row, and not at the end of input.
     */
    @Test
    void aWindowFiresExactlyWhenTheWatermarkPassesItsEnd() throws IOException {
        // docs/statement-tests.md's example of explicit watermarks, as written.
        ObjectNode request = DocumentedExample.json("statement-tests.md", "ExplicitWatermarksIT: example");
        request.put("sql", COUNTS).put("ordered", true);
        request.set("expected", MAPPER.readTree("""
                [{"user_id": "u1", "window_start": "2026-12-07T10:00:00", "clicks": 2},
                 {"user_id": "u1", "window_start": "2026-12-07T10:00:10", "clicks": 1}]
                """));

        passes(request);
    }

    /**
     * With the table's strategy (1 s delay) the same rows make no watermark past 10:00:06 before 10:00:12 arrives, so
     * the click of 10:00:07 counts: the explicit watermarks, not the WATERMARK clause, decided above.
     */
    @Test
    void withTheTablesStrategyTheSameRowsCountTheLaterClickToo() {
        passes(StatementTestsIT.test(COUNTS, """
                {"clicks": [
                  {"user_id": "u1", "ts": "2026-12-07T10:00:01"},
                  {"user_id": "u1", "ts": "2026-12-07T10:00:05"},
                  {"user_id": "u1", "ts": "2026-12-07T10:00:07"},
                  {"user_id": "u1", "ts": "2026-12-07T10:00:12"}]}
                """, """
                [{"user_id": "u1", "window_start": "2026-12-07T10:00:00", "clicks": 3},
                 {"user_id": "u1", "window_start": "2026-12-07T10:00:10", "clicks": 1}]
                """));
    }

    /** A row whose window a watermark has passed is dropped, however close it is to the rows before it. */
    @Test
    void aRowBehindAWatermarkIsDropped() {
        passes(explicit(COUNTS, """
                {"clicks": [
                  {"user_id": "u1", "ts": "2026-12-07T10:00:01"},
                  {"$watermark": "2026-12-07T10:01:00"},
                  {"user_id": "u2", "ts": "2026-12-07T10:00:30"},
                  {"user_id": "u3", "ts": "2026-12-07T10:01:00"}]}
                """, """
                [{"user_id": "u1", "window_start": "2026-12-07T10:00:00", "clicks": 1},
                 {"user_id": "u3", "window_start": "2026-12-07T10:01:00", "clicks": 1}]
                """));
    }

    @Test
    void badFormsAreRefusedNamingTheField() {
        String oneRow = "{\"user_id\": \"u1\", \"ts\": \"2026-12-07T10:00:01\"}";
        assertRefused(
                explicit(COUNTS, "{\"clicks\": [" + oneRow + ", {\"$watermark\": \"soon\"}]}", "[]"),
                "inputs.clicks[1].$watermark");
        assertRefused(
                explicit(COUNTS, "{\"clicks\": [{\"$watermark\": \"2026-12-07T10:00:00\"}, " + oneRow + "]}", "[]"),
                "inputs.clicks[0].$watermark");
        assertRefused(
                explicit(
                        COUNTS,
                        "{\"clicks\": [" + oneRow + ", {\"$watermark\": \"2026-12-07T10:00:05\"}, " + oneRow
                                + ", {\"$watermark\": \"2026-12-07T10:00:05\"}]}",
                        "[]"),
                "inputs.clicks[3].$watermark");
        assertRefused(
                explicit(
                        COUNTS,
                        "{\"clicks\": [" + oneRow + ", {\"$watermark\": \"2026-12-07T10:00:05\", \"user_id\": \"u\"}]}",
                        "[]"),
                "inputs.clicks[1]");
        // A watermark among rows whose table makes its own.
        assertRefused(
                StatementTestsIT.test(
                        COUNTS, "{\"clicks\": [" + oneRow + ", {\"$watermark\": \"2026-12-07T10:00:05\"}]}", "[]"),
                "inputs.clicks[1].$watermark");
        ObjectNode unknownWay = StatementTestsIT.test(COUNTS, "{\"clicks\": [" + oneRow + "]}", "[]");
        unknownWay.putObject("watermarks").put("clicks", "manual");
        assertRefused(unknownWay, "watermarks.clicks");
        ObjectNode noSuchInput = explicit(COUNTS, "{\"clicks\": [" + oneRow + "]}", "[]");
        ((ObjectNode) noSuchInput.get("watermarks")).put("clickz", "explicit");
        assertRefused(noSuchInput, "watermarks.clickz");
        // A table without event time has no watermarks to write.
        assertRefused(
                explicit(
                        "CREATE TABLE plain (n INT) WITH ('connector' = 'datagen');\nSELECT n FROM plain",
                        "{\"plain\": [{\"n\": 1}]}",
                        "[{\"n\": 1}]",
                        "plain"),
                "watermarks.plain");
    }

    private static ObjectNode explicit(String sql, String inputs, String expected) {
        return explicit(sql, inputs, expected, "clicks");
    }

    private static ObjectNode explicit(String sql, String inputs, String expected, String table) {
        ObjectNode request = StatementTestsIT.test(sql, inputs, expected);
        request.putObject("watermarks").put(table, "explicit");
        return request;
    }

    private static void passes(ObjectNode request) {
        Response response = GATEWAY.api().post("/api/v1/statements:test", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode outcome = response.body();
        assertThat(outcome.get("passed").asBoolean())
                .as(outcome.toPrettyString())
                .isTrue();
    }

    private static void assertRefused(ObjectNode request, String field) {
        Response response = GATEWAY.api().post("/api/v1/statements:test", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(response.body().get("error").get("field").asText()).isEqualTo(field);
    }
}
