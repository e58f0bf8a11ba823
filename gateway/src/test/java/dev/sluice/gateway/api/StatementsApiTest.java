package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions, statements, result pages and jobs over real HTTP against a real gateway and MiniCluster. */
class StatementsApiTest {

    @RegisterExtension static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    // Unbounded and random: datagen's 'sequence' kind materializes its whole range before emitting anything.
    private static final String ENDLESS_TABLE =
            "CREATE TABLE %s (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '%d')";

    private static final String SEQUENCE_TABLE =
            "CREATE TABLE %s (id BIGINT, name STRING) WITH ("
                    + " 'connector' = 'datagen', 'number-of-rows' = '%d', 'rows-per-second' = '%d',"
                    + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '%d',"
                    + " 'fields.name.length' = '3')";

    @Test
    void boundedQueryReturnsItsExactRowsAndEnds() {
        JsonNode script = GATEWAY.api().run(null,
                "SELECT id, id * 10 AS tens, CAST(id AS STRING) || '!' AS label,"
                        + " TIMESTAMP '2024-01-01 10:00:00.250' AS ts, CAST(1.50 AS DECIMAL(5, 2)) AS price"
                        + " FROM (VALUES (1), (2), (3)) AS t(id)");
        JsonNode query = script.get("statements").get(0);

        assertThat(query.get("kind").asText()).isEqualTo("QUERY");
        assertThat(query.get("columns").toString()).contains("\"name\":\"tens\"", "\"type\":\"TIMESTAMP(3) NOT NULL\"");
        List<JsonNode> rows = GATEWAY.api().readAll(query.get("id").asText(), Duration.ofSeconds(60));
        assertThat(rows).extracting(JsonNode::toString).containsExactly(
                "{\"kind\":\"+I\",\"fields\":[1,10,\"1!\",\"2024-01-01 10:00:00.25\",1.50]}",
                "{\"kind\":\"+I\",\"fields\":[2,20,\"2!\",\"2024-01-01 10:00:00.25\",1.50]}",
                "{\"kind\":\"+I\",\"fields\":[3,30,\"3!\",\"2024-01-01 10:00:00.25\",1.50]}");
    }

    @Test
    void aSessionKeepsItsTablesAndSettings() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api().run(session, String.format(SEQUENCE_TABLE, "five", 5, 1000, 5) + ";\nSET 'table.local-time-zone' = 'UTC'");

        JsonNode script = GATEWAY.api().run(session, "SELECT SUM(id) AS total FROM five");
        List<JsonNode> rows = GATEWAY.api().readAll(script.get("statements").get(0).get("id").asText(), Duration.ofSeconds(60));

        // A streaming aggregation sends every intermediate sum; the last row is the total.
        assertThat(rows.get(rows.size() - 1).get("fields").get(0).asLong()).isEqualTo(15);
        assertThat(script.get("sessionId").asText()).isEqualTo(session);
    }

    @Test
    void streamingQueryKeepsDeliveringUntilCancelled() throws InterruptedException {
        String session = GATEWAY.api().openSession();
        JsonNode script = GATEWAY.api().run(session,
                String.format(ENDLESS_TABLE, "endless", 20) + "; SELECT id FROM endless");
        String statementId = script.get("statements").get(1).get("id").asText();

        long token = 0;
        int rowsSeen = 0;
        int pagesWithRows = 0;
        Instant deadline = Instant.now().plusSeconds(60);
        while (pagesWithRows < 3 && Instant.now().isBefore(deadline)) {
            Response page = GATEWAY.api().get("/api/v1/statements/" + statementId + "/results?token=" + token);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("status").asText()).isEqualTo("RUNNING");
            int rows = page.body().get("rows").size();
            rowsSeen += rows;
            pagesWithRows += rows > 0 ? 1 : 0;
            token = page.body().get("nextToken").asLong();
            Thread.sleep(200);
        }
        assertThat(pagesWithRows).as("pages with new rows of a running streaming query").isEqualTo(3);
        assertThat(rowsSeen).isGreaterThanOrEqualTo(3);

        assertThat(GATEWAY.api().delete("/api/v1/statements/" + statementId).status()).isEqualTo(204);
        Response after = GATEWAY.api().get("/api/v1/statements/" + statementId + "/results?token=" + token);
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.body().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void insertStartsATrackedJobThatCanBeStopped() throws InterruptedException {
        String session = GATEWAY.api().openSession();
        GATEWAY.api().run(session, String.format(ENDLESS_TABLE, "src", 10)
                + "; CREATE TABLE sink_bh (id BIGINT) WITH ('connector' = 'blackhole')");

        JsonNode statement = GATEWAY.api().run(session, "INSERT INTO sink_bh SELECT id FROM src").get("statements").get(0);
        assertThat(statement.get("kind").asText()).isEqualTo("JOB");
        JsonNode job = statement.get("job");
        String jobId = job.get("id").asText();
        assertThat(job.get("status").asText()).isEqualTo("RUNNING");
        assertThat(job.get("flinkJobId").asText()).matches("[0-9a-f]{32}");
        assertThat(job.get("sql").asText()).isEqualTo("INSERT INTO sink_bh SELECT id FROM src");
        assertThat(job.get("startTime").asText()).isNotBlank();

        assertThat(GATEWAY.api().get("/api/v1/jobs").body().get("jobs").findValuesAsText("id")).contains(jobId);
        assertThat(GATEWAY.api().get("/api/v1/jobs/" + jobId).body().get("status").asText()).isEqualTo("RUNNING");

        Response stopped = GATEWAY.api().post("/api/v1/jobs/" + jobId + ":stop", "");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().get("status").asText()).isEqualTo("CANCELED");
        assertThat(GATEWAY.api().get("/api/v1/jobs/" + jobId).body().get("status").asText()).isEqualTo("CANCELED");
    }

    @Test
    void aStatementThatFailsValidationStartsNoJob() {
        String session = GATEWAY.api().openSession();
        // An allowed connector without its required options: Flink finds that out only when it plans the INSERT.
        GATEWAY.api().run(session, "CREATE TABLE missing_options (id BIGINT) WITH ('connector' = 'filesystem');"
                + "CREATE TABLE sink_bh2 (id BIGINT) WITH ('connector' = 'blackhole')");
        int jobsBefore = GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size();

        Response response = GATEWAY.api().post("/api/v1/statements",
                "{\"sessionId\": \"" + session + "\", \"sql\": \"INSERT INTO sink_bh2 SELECT id FROM missing_options\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("SQL_VALIDATION");
        assertThat(response.body().get("error").get("message").asText()).contains("Missing required options");
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size()).isEqualTo(jobsBefore);
    }

    @Test
    void bothFormsOfStatementSetStartOneTrackedJob() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api().run(session, String.format(ENDLESS_TABLE, "fanout_src", 10)
                + "; CREATE TABLE fanout_a (id BIGINT) WITH ('connector' = 'blackhole')"
                + "; CREATE TABLE fanout_b (id BIGINT) WITH ('connector' = 'blackhole')");

        JsonNode block = GATEWAY.api().run(session, "EXECUTE STATEMENT SET BEGIN\n"
                + "INSERT INTO fanout_a SELECT id FROM fanout_src;\nINSERT INTO fanout_b SELECT id FROM fanout_src;\nEND")
                .get("statements");
        JsonNode oldStyle = GATEWAY.api().run(session, "BEGIN STATEMENT SET;"
                + " INSERT INTO fanout_a SELECT id FROM fanout_src; INSERT INTO fanout_b SELECT id FROM fanout_src; END")
                .get("statements");

        assertThat(block).hasSize(1);
        assertThat(block.get(0).get("job").get("status").asText()).isEqualTo("RUNNING");
        // BEGIN and the INSERTs only collect; END submits the one job.
        assertThat(oldStyle).extracting(statement -> statement.get("kind").asText()).containsExactly("COMMAND", "COMMAND", "COMMAND", "JOB");
        JsonNode job = oldStyle.get(3).get("job");
        assertThat(job.get("flinkJobId").asText()).matches("[0-9a-f]{32}");
        // END runs as the statement set it closes, so its job is recorded (and could be held, or resumed) as one.
        assertThat(job.get("sql").asText()).isEqualTo("EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO fanout_a SELECT id FROM fanout_src;\n"
                + "INSERT INTO fanout_b SELECT id FROM fanout_src;\nEND");
        for (JsonNode started : List.of(block.get(0).get("job"), job)) {
            assertThat(GATEWAY.api().post("/api/v1/jobs/" + started.get("id").asText() + ":stop", "").body().get("status").asText())
                    .isEqualTo("CANCELED");
        }
    }
}
