package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sessions, statements, result pages and jobs over real HTTP against a real gateway and MiniCluster. */
class StatementsApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    /** Reads expected pages as the test client reads answers: decimals as written, never through a double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    // Unbounded and random: datagen's 'sequence' kind materializes its whole range before emitting anything.
    private static final String ENDLESS_TABLE =
            "CREATE TABLE %s (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '%d')";

    private static final String SEQUENCE_TABLE = "CREATE TABLE %s (id BIGINT, name STRING) WITH ("
            + " 'connector' = 'datagen', 'number-of-rows' = '%d', 'rows-per-second' = '%d',"
            + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '%d',"
            + " 'fields.name.length' = '3')";

    @Test
    void boundedQueryReturnsItsExactRowsAndEnds() {
        JsonNode script = GATEWAY.api()
                .run(
                        null,
                        "SELECT id, id * 10 AS tens, CAST(id AS STRING) || '!' AS label,"
                                + " TIMESTAMP '2024-01-01 10:00:00.250' AS ts, CAST(1.50 AS DECIMAL(5, 2)) AS price"
                                + " FROM (VALUES (1), (2), (3)) AS t(id)");
        JsonNode query = script.get("statements").get(0);

        assertThat(query.get("kind").asText()).isEqualTo("QUERY");
        assertThat(query.get("columns").toString()).contains("\"name\":\"tens\"", "\"type\":\"TIMESTAMP(3) NOT NULL\"");
        List<JsonNode> rows = GATEWAY.api().readAll(query.get("id").asText(), Duration.ofSeconds(60));
        assertThat(rows)
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"kind\":\"+I\",\"fields\":[1,10,\"1!\",\"2024-01-01T10:00:00.250\",\"1.50\"]}",
                        "{\"kind\":\"+I\",\"fields\":[2,20,\"2!\",\"2024-01-01T10:00:00.250\",\"1.50\"]}",
                        "{\"kind\":\"+I\",\"fields\":[3,30,\"3!\",\"2024-01-01T10:00:00.250\",\"1.50\"]}");
    }

    @Test
    void everyTypeArrivesWithNothingLost() throws Exception {
        JsonNode query = GATEWAY.api().run(null, """
                SELECT CAST(12345678901234.10 AS DECIMAL(16, 2)) AS amount, CAST(NULL AS DECIMAL(16, 2)) AS no_amount,
                  CAST(9223372036854775807 AS BIGINT) AS big, CAST(-128 AS TINYINT) AS tiny,
                  CAST(-32768 AS SMALLINT) AS small, 2147483647 AS regular,
                  CAST(0.1 AS FLOAT) AS f, CAST(1.5 AS DOUBLE) AS d, CAST('NaN' AS DOUBLE) AS nan,
                  CAST('Infinity' AS DOUBLE) AS pos_inf, CAST('-Infinity' AS DOUBLE) AS neg_inf,
                  TRUE AS flag, 'text' AS label, X'CAFE' AS raw_bytes,
                  DATE '2026-11-23' AS day_of, TIME '10:00:05' AS time_of,
                  TIMESTAMP '2026-11-23 10:00:05' AS ts0,
                  CAST(TIMESTAMP '2026-11-23 10:00:05' AS TIMESTAMP(3)) AS ts_zero_millis,
                  CAST(TIMESTAMP '2026-11-23 10:00:05.12' AS TIMESTAMP(3)) AS ts3,
                  CAST(TIMESTAMP '2026-11-23 10:00:05.1234' AS TIMESTAMP(6)) AS ts6,
                  TO_TIMESTAMP_LTZ(1795428005120, 3) AS ltz,
                  INTERVAL '36' HOUR AS waited,
                  ARRAY[CAST(1.10 AS DECIMAL(4, 2)), CAST(NULL AS DECIMAL(4, 2))] AS decimals,
                  MAP['price', CAST(9.90 AS DECIMAL(4, 2))] AS prices,
                  MAP[CAST(1 AS BIGINT), TIMESTAMP '2026-11-23 10:00:00'] AS by_id,
                  ROW(CAST(2.50 AS DECIMAL(3, 2)), CAST(TIMESTAMP '2026-11-23 10:00:00' AS TIMESTAMP(3)),
                      ARRAY[CAST(1 AS BIGINT)]) AS nested""").get("statements").get(0);

        assertThat(query.get("columns")).isEqualTo(JSON.readTree("""
                [{"name": "amount", "type": "DECIMAL(16, 2) NOT NULL"}, {"name": "no_amount", "type": "DECIMAL(16, 2)"},
                 {"name": "big", "type": "BIGINT NOT NULL"}, {"name": "tiny", "type": "TINYINT NOT NULL"},
                 {"name": "small", "type": "SMALLINT NOT NULL"}, {"name": "regular", "type": "INT NOT NULL"},
                 {"name": "f", "type": "FLOAT NOT NULL"}, {"name": "d", "type": "DOUBLE NOT NULL"},
                 {"name": "nan", "type": "DOUBLE NOT NULL"}, {"name": "pos_inf", "type": "DOUBLE NOT NULL"},
                 {"name": "neg_inf", "type": "DOUBLE NOT NULL"}, {"name": "flag", "type": "BOOLEAN NOT NULL"},
                 {"name": "label", "type": "CHAR(4) NOT NULL"}, {"name": "raw_bytes", "type": "BINARY(2) NOT NULL"},
                 {"name": "day_of", "type": "DATE NOT NULL"}, {"name": "time_of", "type": "TIME(0) NOT NULL"},
                 {"name": "ts0", "type": "TIMESTAMP(0) NOT NULL"}, {"name": "ts_zero_millis", "type": "TIMESTAMP(3) NOT NULL"},
                 {"name": "ts3", "type": "TIMESTAMP(3) NOT NULL"}, {"name": "ts6", "type": "TIMESTAMP(6) NOT NULL"},
                 {"name": "ltz", "type": "TIMESTAMP_LTZ(3)"}, {"name": "waited", "type": "INTERVAL SECOND(3) NOT NULL"},
                 {"name": "decimals", "type": "ARRAY<DECIMAL(4, 2)> NOT NULL"},
                 {"name": "prices", "type": "MAP<CHAR(5) NOT NULL, DECIMAL(4, 2) NOT NULL> NOT NULL"},
                 {"name": "by_id", "type": "MAP<BIGINT NOT NULL, TIMESTAMP(0) NOT NULL> NOT NULL"},
                 {"name": "nested", "type": "ROW<`EXPR$0` DECIMAL(3, 2) NOT NULL, `EXPR$1` TIMESTAMP(3) NOT NULL, `EXPR$2` ARRAY<BIGINT NOT NULL> NOT NULL> NOT NULL"}]
                """));
        List<JsonNode> rows = GATEWAY.api().readAll(query.get("id").asText(), Duration.ofSeconds(60));
        assertThat(rows).containsExactly(JSON.readTree("""
                {"kind": "+I", "fields": ["12345678901234.10", null, "9223372036854775807", -128, -32768, 2147483647,
                  0.1, 1.5, "NaN", "Infinity", "-Infinity", true, "text", "yv4=",
                  "2026-11-23", "10:00:05", "2026-11-23T10:00:05", "2026-11-23T10:00:05.000", "2026-11-23T10:00:05.120",
                  "2026-11-23T10:00:05.123400", "2026-11-23T10:00:05.120Z", "PT36H",
                  ["1.10", null], {"price": "9.90"}, {"1": "2026-11-23T10:00:00"},
                  ["2.50", "2026-11-23T10:00:00.000", ["1"]]]}
                """));
    }

    @Test
    void aSessionKeepsItsTablesAndSettings() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        String.format(SEQUENCE_TABLE, "five", 5, 1000, 5) + ";\nSET 'table.local-time-zone' = 'UTC'");

        JsonNode script = GATEWAY.api().run(session, "SELECT SUM(id) AS total FROM five");
        List<JsonNode> rows =
                GATEWAY.api().readAll(script.get("statements").get(0).get("id").asText(), Duration.ofSeconds(60));

        // A streaming aggregation sends every intermediate sum; the last row is the total.
        assertThat(rows.get(rows.size() - 1).get("fields").get(0).asLong()).isEqualTo(15);
        assertThat(script.get("sessionId").asText()).isEqualTo(session);
    }

    @Test
    void streamingQueryKeepsDeliveringUntilCancelled() throws InterruptedException {
        String session = GATEWAY.api().openSession();
        JsonNode script =
                GATEWAY.api().run(session, String.format(ENDLESS_TABLE, "endless", 20) + "; SELECT id FROM endless");
        String statementId = script.get("statements").get(1).get("id").asText();

        AtomicLong token = new AtomicLong();
        AtomicInteger rowsSeen = new AtomicInteger();
        AtomicInteger pagesWithRows = new AtomicInteger();
        await("three pages with new rows of a running streaming query")
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Response page =
                            GATEWAY.api().get("/api/v1/statements/" + statementId + "/results?token=" + token.get());
                    assertThat(page.status()).isEqualTo(200);
                    assertThat(page.body().get("status").asText()).isEqualTo("RUNNING");
                    int rows = page.body().get("rows").size();
                    rowsSeen.addAndGet(rows);
                    token.set(page.body().get("nextToken").asLong());
                    return (rows > 0 ? pagesWithRows.incrementAndGet() : pagesWithRows.get()) == 3;
                });
        assertThat(rowsSeen.get()).isGreaterThanOrEqualTo(3);

        assertThat(GATEWAY.api().delete("/api/v1/statements/" + statementId).status())
                .isEqualTo(204);
        Response after = GATEWAY.api().get("/api/v1/statements/" + statementId + "/results?token=" + token.get());
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.body().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aQueryNamesTheColumnsThatKeyItsRowsSoClientsTellGroupsFromMeasures() {
        String session = GATEWAY.api().openSession();
        JsonNode script = GATEWAY.api().run(session, """
                CREATE TABLE clicks (user_id INT, url STRING, ts TIMESTAMP(3),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
                SELECT window_start, user_id, COUNT(*) AS clicks
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND))
                GROUP BY window_start, window_end, user_id;
                SELECT url, COUNT(*) AS hits FROM clicks GROUP BY url;
                SELECT user_id, url FROM clicks""");
        JsonNode statements = script.get("statements");

        // The count is what was measured: the window and the user identify a row, so a chart plots one line per user.
        assertThat(statements.get(1).get("key").toString()).isEqualTo("[\"window_start\",\"user_id\"]");
        assertThat(statements.get(2).get("key").toString()).isEqualTo("[\"url\"]");
        assertThat(statements.get(3).get("key").toString()).isEqualTo("[]");
        assertThat(statements.get(0).has("key")).as("a command has no key").isFalse();
        for (int i = 1; i <= 3; i++) {
            assertThat(GATEWAY.api()
                            .delete("/api/v1/statements/"
                                    + statements.get(i).get("id").asText())
                            .status())
                    .isEqualTo(204);
        }
    }

    @Test
    void insertStartsATrackedJobThatCanBeStopped() throws InterruptedException {
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        String.format(ENDLESS_TABLE, "src", 10)
                                + "; CREATE TABLE sink_bh (id BIGINT) WITH ('connector' = 'blackhole')");

        JsonNode statement = GATEWAY.api()
                .run(session, "INSERT INTO sink_bh SELECT id FROM src")
                .get("statements")
                .get(0);
        assertThat(statement.get("kind").asText()).isEqualTo("JOB");
        JsonNode job = statement.get("job");
        String jobId = job.get("id").asText();
        assertThat(job.get("status").asText()).isEqualTo("RUNNING");
        assertThat(job.get("flinkJobId").asText()).matches("[0-9a-f]{32}");
        assertThat(job.get("sql").asText()).isEqualTo("INSERT INTO sink_bh SELECT id FROM src");
        assertThat(job.get("startTime").asText()).isNotBlank();

        assertThat(GATEWAY.api().get("/api/v1/jobs").body().get("jobs").findValuesAsText("id"))
                .contains(jobId);
        assertThat(GATEWAY.api()
                        .get("/api/v1/jobs/" + jobId)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("RUNNING");

        Response stopped = GATEWAY.api().post("/api/v1/jobs/" + jobId + ":stop", "");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().get("status").asText()).isEqualTo("CANCELED");
        assertThat(GATEWAY.api()
                        .get("/api/v1/jobs/" + jobId)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("CANCELED");
    }

    @Test
    void aStatementThatFailsValidationStartsNoJob() {
        String session = GATEWAY.api().openSession();
        // An allowed connector without its required options: Flink finds that out only when it plans the INSERT.
        GATEWAY.api()
                .run(
                        session,
                        "CREATE TABLE missing_options (id BIGINT) WITH ('connector' = 'filesystem');"
                                + "CREATE TABLE sink_bh2 (id BIGINT) WITH ('connector' = 'blackhole')");
        int jobsBefore = GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size();

        Response response = GATEWAY.api()
                .post(
                        "/api/v1/statements",
                        "{\"sessionId\": \"" + session
                                + "\", \"sql\": \"INSERT INTO sink_bh2 SELECT id FROM missing_options\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("SQL_VALIDATION");
        assertThat(response.body().get("error").get("message").asText()).contains("Missing required options");
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size()).isEqualTo(jobsBefore);
    }

    @Test
    void bothFormsOfStatementSetStartOneTrackedJob() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        String.format(ENDLESS_TABLE, "fanout_src", 10)
                                + "; CREATE TABLE fanout_a (id BIGINT) WITH ('connector' = 'blackhole')"
                                + "; CREATE TABLE fanout_b (id BIGINT) WITH ('connector' = 'blackhole')");

        JsonNode block = GATEWAY.api()
                .run(
                        session,
                        "EXECUTE STATEMENT SET BEGIN\n"
                                + "INSERT INTO fanout_a SELECT id FROM fanout_src;\nINSERT INTO fanout_b SELECT id FROM fanout_src;\nEND")
                .get("statements");
        JsonNode oldStyle = GATEWAY.api()
                .run(
                        session,
                        "BEGIN STATEMENT SET;"
                                + " INSERT INTO fanout_a SELECT id FROM fanout_src; INSERT INTO fanout_b SELECT id FROM fanout_src; END")
                .get("statements");

        assertThat(block).hasSize(1);
        assertThat(block.get(0).get("job").get("status").asText()).isEqualTo("RUNNING");
        // BEGIN and the INSERTs only collect; END submits the one job.
        assertThat(oldStyle)
                .extracting(statement -> statement.get("kind").asText())
                .containsExactly("COMMAND", "COMMAND", "COMMAND", "JOB");
        JsonNode job = oldStyle.get(3).get("job");
        assertThat(job.get("flinkJobId").asText()).matches("[0-9a-f]{32}");
        // END runs as the statement set it closes, so its job is recorded (and could be held, or resumed) as one.
        assertThat(job.get("sql").asText())
                .isEqualTo("EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO fanout_a SELECT id FROM fanout_src;\n"
                        + "INSERT INTO fanout_b SELECT id FROM fanout_src;\nEND");
        for (JsonNode started : List.of(block.get(0).get("job"), job)) {
            assertThat(GATEWAY.api()
                            .post("/api/v1/jobs/" + started.get("id").asText() + ":stop", "")
                            .body()
                            .get("status")
                            .asText())
                    .isEqualTo("CANCELED");
        }
    }
}
