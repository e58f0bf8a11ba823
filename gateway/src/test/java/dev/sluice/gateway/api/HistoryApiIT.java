package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each user's statement history on a real gateway whose metadata store is PostgreSQL (H2 without one): every
 * statement with its status, duration and job; a query is RUNNING until it is read to its end or cancelled; pages,
 * latest first; cleared by its user.
 */
class HistoryApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ApiClient analyst() {
        return Analyst.of(GATEWAY, "history" + UNIQUE.incrementAndGet(), "ana").api();
    }

    /** Sends a statement that is expected to fail. */
    private static Response send(ApiClient client, String session, String sql) {
        return client.post(
                "/api/v1/statements",
                MAPPER.createObjectNode().put("sessionId", session).put("sql", sql));
    }

    private static List<JsonNode> entries(ApiClient client) {
        Response page = client.get("/api/v1/history");
        assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        page.body().get("entries").forEach(entries::add);
        return entries;
    }

    /** The latest entry whose SQL is {@code sql}, once it has the status. */
    private static JsonNode awaitEntry(ApiClient client, String sql, String status) {
        return await(sql + " " + status)
                .atMost(WAIT)
                .until(
                        () -> entries(client).stream()
                                .filter(entry -> entry.get("sql").asText().equals(sql))
                                .findFirst()
                                .orElse(null),
                        entry -> entry != null && entry.get("status").asText().equals(status));
    }

    private static void assertEnded(JsonNode entry) {
        Instant started = Instant.parse(entry.get("startedAt").asText());
        Instant finished = Instant.parse(entry.get("finishedAt").asText());
        assertThat(entry.get("durationMs").asLong())
                .isEqualTo(Duration.between(started, finished).toMillis())
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void commandsAJobAndFailuresAreRecordedWithTheirOutcome() {
        ApiClient analyst = analyst();
        String session = analyst.openSession();
        String source = "CREATE TEMPORARY TABLE src (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')";
        String sink = "CREATE TEMPORARY TABLE out_t (n INT) WITH ('connector' = 'blackhole')";
        String insert = "INSERT INTO out_t SELECT n FROM src";
        analyst.run(session, source + ";\n" + sink);
        String jobId = analyst.run(session, insert)
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
        String invalid = "SELECT nope FROM src";
        assertThat(send(analyst, session, invalid).status()).isEqualTo(400);
        String denied = "CREATE TEMPORARY TABLE f (x INT) WITH ('connector' = 'filesystem', 'path' = '/etc',"
                + " 'format' = 'csv')";
        Response refused = send(analyst, session, denied);
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);

        JsonNode created = awaitEntry(analyst, source, "SUCCEEDED");
        assertEnded(created);
        assertThat(created.get("listener").asText()).isEqualTo("API");
        assertThat(created.has("jobId")).as("jobId").isFalse();
        assertEnded(awaitEntry(analyst, sink, "SUCCEEDED"));
        JsonNode job = awaitEntry(analyst, insert, "SUCCEEDED");
        assertEnded(job);
        assertThat(job.get("jobId").asText()).isEqualTo(jobId);
        JsonNode failed = awaitEntry(analyst, invalid, "FAILED");
        assertEnded(failed);
        assertThat(failed.get("message").asText()).contains("nope");
        JsonNode denial = awaitEntry(analyst, denied, "REFUSED");
        assertThat(denial.get("message").asText())
                .isEqualTo(refused.body().get("error").get("message").asText());
        // Latest first: the order they were sent in, reversed.
        assertThat(entries(analyst).stream().map(entry -> entry.get("sql").asText()))
                .containsExactly(denied, invalid, insert, sink, source);
        assertThat(GATEWAY.api().post("/api/v1/jobs/" + jobId + ":stop", "").status())
                .isEqualTo(200);
    }

    @Test
    void aQueryRunsUntilItIsReadToItsEndOrCancelled() {
        ApiClient analyst = analyst();
        String bounded = "SELECT 1 AS x";
        String id =
                analyst.run(null, bounded).get("statements").get(0).get("id").asText();
        assertThat(analyst.readAll(id, WAIT)).hasSize(1);
        assertEnded(awaitEntry(analyst, bounded, "SUCCEEDED"));

        String session = analyst.openSession();
        analyst.run(
                session,
                "CREATE TEMPORARY TABLE ticks (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')");
        String endless = "SELECT n FROM ticks";
        String query =
                analyst.run(session, endless).get("statements").get(0).get("id").asText();
        JsonNode running = awaitEntry(analyst, endless, "RUNNING");
        assertThat(running.has("finishedAt")).as("finishedAt").isFalse();
        assertThat(running.has("durationMs")).as("durationMs").isFalse();

        assertThat(analyst.delete("/api/v1/statements/" + query).status()).isEqualTo(204);
        JsonNode cancelled = awaitEntry(analyst, endless, "CANCELLED");
        assertEnded(cancelled);
        assertThat(cancelled.get("message").asText()).isEqualTo("Closed by its client before its end.");
    }

    @Test
    void aQueryWhoseJobFailsWhileItsRowsAreReadFailed() {
        ApiClient analyst = analyst();
        String session = analyst.openSession();
        analyst.run(
                session,
                "CREATE TEMPORARY TABLE numbers (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3')");
        String failing = "SELECT 10 / (id - id) AS boom FROM numbers";
        String id =
                analyst.run(session, failing).get("statements").get(0).get("id").asText();
        AtomicLong token = new AtomicLong();
        await("the query's failure to reach its reader")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            Response page = analyst.get("/api/v1/statements/" + id + "/results?token=" + token.get());
                            JsonNode next = page.body().get("nextToken");
                            token.set(next == null || next.isNull() ? 0 : next.asLong());
                            return page.status();
                        },
                        status -> status != 200);

        JsonNode failed = awaitEntry(analyst, failing, "FAILED");
        assertEnded(failed);
        assertThat(failed.get("message").asText())
                .isEqualTo("It failed while its rows were read; its client was told why.");
    }

    @Test
    void pagesGoFromTheLatestAndAClearedHistoryIsEmpty() {
        ApiClient analyst = analyst();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sql = "SELECT " + i + " AS n";
            analyst.run(null, sql);
            sent.add(0, sql);
        }

        JsonNode first = analyst.get("/api/v1/history?limit=2").body();
        assertThat(first.get("entries").findValuesAsText("sql")).containsExactlyElementsOf(sent.subList(0, 2));
        assertThat(first.get("nextOffset").asInt()).isEqualTo(2);
        JsonNode last = analyst.get("/api/v1/history?limit=2&offset=4").body();
        assertThat(last.get("entries").findValuesAsText("sql")).containsExactly(sent.get(4));
        assertThat(last.has("nextOffset")).as("nextOffset").isFalse();

        for (String limit : List.of("0", "501", "many")) {
            Response bad = analyst.get("/api/v1/history?limit=" + limit);
            assertThat(bad.status()).as(bad.body().toString()).isEqualTo(400);
            assertThat(bad.body().get("error").get("field").asText()).isEqualTo("limit");
        }
        Response badOffset = analyst.get("/api/v1/history?offset=-1");
        assertThat(badOffset.status()).isEqualTo(400);
        assertThat(badOffset.body().get("error").get("field").asText()).isEqualTo("offset");

        assertThat(analyst.delete("/api/v1/history").status()).isEqualTo(204);
        assertThat(entries(analyst)).isEmpty();
    }
}
