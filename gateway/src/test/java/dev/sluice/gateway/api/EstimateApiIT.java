package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code POST /api/v1/statements:estimate}: a script's resources from its real plan, without running anything; the
 * estimate each job is admitted with, shown next to what Flink measures; and every bad input as a 4xx naming its field.
 */
class EstimateApiIT {

    // These tests are about the answer, not its speed (benchmarks/run estimate measures that): on a shared, busy
    // machine planning can outlast the default timeout.
    @RegisterExtension
    static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.VALIDATION_TIMEOUT, Duration.ofMinutes(2)));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    // 100 rows/s, 50 users and 1000 items from the connector's options; a watermark without delay.
    private static final String CLICKS = "CREATE TABLE clicks (user_id INT, item_id INT, ts TIMESTAMP(3),"
            + " WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen', 'rows-per-second' = '100',"
            + " 'fields.user_id.min' = '1', 'fields.user_id.max' = '50',"
            + " 'fields.item_id.min' = '1', 'fields.item_id.max' = '1000')";
    private static final String HOP_DISTINCT = CLICKS + ";\nSELECT user_id, window_start, COUNT(DISTINCT item_id)"
            + " FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))"
            + " GROUP BY user_id, window_start, window_end";

    @Test
    void hopOneHourByOneMinuteCountDistinctIsSizedFromTheConnectorsOptions() {
        JsonNode response = estimate(HOP_DISTINCT, null);

        assertThat(response.get("valid").asBoolean()).as(response.toString()).isTrue();
        assertThat(response.get("statements")).hasSize(1);
        assertThat(response.get("statements").get(0).get("line").asInt()).isEqualTo(2);
        JsonNode window = operator(response.get("statements").get(0).get("estimate"), "WINDOW_AGGREGATE");
        // A slice's 6000 rows draw all 50 users; 59 closed slices and the open one (49.59 users on average): 2999.59
        // accumulators; one timer per user for its next window end: 50; (user, item) pairs a slice's rows draw,
        // 50000 * (1 - (1 - 1/50000)^6000) = 5654.03, 2883.75 in the open slice: 336471.39 set entries
        // (CostModelTest computes them by hand).
        assertThat(window.get("stateEntries").asLong()).isEqualTo(339_521);
        JsonNode totals = response.get("totals");
        assertThat(totals.get("parallelism").asInt()).isPositive();
        assertThat(totals.get("stateBytes").asLong()).isPositive();
        assertThat(totals.get("checkpointMillis").asLong()).isPositive();
        assertThat(window.get("assumptions").toString())
                .contains("clicks.eventsPerSecond")
                .contains("CONNECTOR")
                .contains("clicks.item_id.distinctKeys");
    }

    @Test
    void joinsDedupAndTopNAreReadFromTheRealPlan() {
        String script = String.join(
                "\n",
                CLICKS.replace("WATERMARK FOR ts AS ts", "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND") + ";",
                "CREATE TABLE orders (user_id INT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)"
                        + " WITH ('connector' = 'datagen', 'rows-per-second' = '200');",
                "SELECT o.user_id, c.item_id FROM orders o JOIN clicks c"
                        + " ON o.user_id = c.user_id AND c.ts BETWEEN o.ts - INTERVAL '10' MINUTE AND o.ts;",
                "SELECT /*+ STATE_TTL('o' = '1h', 'c' = '1h') */ o.user_id, c.item_id FROM orders o JOIN clicks c ON o.user_id = c.user_id;",
                "SELECT user_id, item_id FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts) AS rn FROM clicks)"
                        + " WHERE rn = 1;",
                "SELECT user_id, item_id FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY item_id DESC) AS rn"
                        + " FROM clicks) WHERE rn <= 3");
        JsonNode statements = estimate(script, null).get("statements");

        assertThat(statements).hasSize(4);
        // orders.ts BETWEEN clicks.ts AND clicks.ts + 10 min: lower 0, upper 600 s, cleanup 300 s, 10 s late.
        // orders kept 0 + 300 + 10 = 310 s: 200 * 310 = 62000 rows; clicks kept 600 + 300 + 10 = 910 s: 100 * 910 rows.
        // Each key holding rows has a cleanup timer and its value state: orders' user_id has no bound (the default
        // 100000 keys), so min(100000, 62000) keys; clicks' has 50.
        JsonNode interval = operator(statements.get(0).get("estimate"), "INTERVAL_JOIN");
        assertThat(interval.get("stateEntries").asLong()).isEqualTo(62_000 + 91_000 + 2 * (62_000 + 50));
        // TTL 1 h from the hint: 200 * 3600 + 100 * 3600 rows.
        JsonNode regular = operator(statements.get(1).get("estimate"), "REGULAR_JOIN");
        assertThat(regular.get("stateEntries").asLong()).isEqualTo(720_000 + 360_000);
        assertThat(regular.get("unboundedState").asBoolean()).isFalse();
        // 50 users from the connector's bounds: one entry each for the dedup, three rows each for the top 3.
        assertThat(operator(statements.get(2).get("estimate"), "DEDUPLICATE")
                        .get("stateEntries")
                        .asLong())
                .isEqualTo(50);
        assertThat(operator(statements.get(3).get("estimate"), "RANK")
                        .get("stateEntries")
                        .asLong())
                .isEqualTo(150);
    }

    @Test
    void aJobIsEstimatedWithTheCheckpointIntervalItWillRunWithAndAQueryWithout() {
        String insert = CLICKS + ";\nCREATE TABLE counts (user_id INT, c BIGINT) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO counts SELECT user_id, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                + " GROUP BY user_id, window_start, window_end";
        JsonNode job = estimate(insert, null).get("statements").get(0).get("estimate");
        // The gateway's sluice.jobs.checkpoint-interval, 30 s by default: the local half of the two-phase aggregate
        // flushes
        // at every checkpoint and slice end, min(100, 50 * (1 / 60 + 1 / 30)) = 2.5 partial accumulators per second.
        assertThat(operator(job, "WINDOW_AGGREGATE").get("assumptions").toString())
                .contains("a checkpoint every 30.0 s");
        assertThat(operator(job, "WINDOW_AGGREGATE").get("inputRate").asDouble())
                .isCloseTo(2.5, within(1e-9));
        JsonNode query = estimate(HOP_DISTINCT, null).get("statements").get(0).get("estimate");
        assertThat(operator(query, "WINDOW_AGGREGATE").get("assumptions").toString())
                .doesNotContain("checkpoint every");
    }

    @Test
    void ratesOverrideTheConnectorsOptions() {
        ObjectNode rates = MAPPER.createObjectNode();
        rates.putObject("clicks")
                .put("eventsPerSecond", 10)
                .putObject("distinctKeys")
                .put("item_id", 5);
        JsonNode estimate =
                estimate(HOP_DISTINCT, rates).get("statements").get(0).get("estimate");
        JsonNode window = operator(estimate, "WINDOW_AGGREGATE");
        // 10 rows/s: a slice's 600 rows draw 50 * (1 - 0.98^600) = 49.9997 users, the open one 45.8752 on average:
        // 59 * 49.9997 + 45.8752 = 2995.86 accumulators and 50 timers; of the 250 (user, item) pairs a slice's rows
        // draw 250 * (1 - 0.996^600) = 227.429, the open one 155.427: 59 * 227.429 + 155.427 = 13573.76 set entries.
        assertThat(window.get("stateEntries").asLong()).isEqualTo(16_620);
        assertThat(operator(estimate, "LOCAL_AGGREGATE").get("inputRate").asDouble())
                .isEqualTo(10.0);
        // A query does not checkpoint: the local half flushes at slice ends only, one partial per user its slice's
        // rows drew, 49.9997 / 60 per second.
        assertThat(window.get("inputRate").asDouble()).isCloseTo(49.99973 / 60, within(1e-6));
    }

    @Test
    void stateTheHeapCannotHoldComesWithAdviceAndTheEstimateUnderIt() {
        String count = CLICKS + ";\nSELECT user_id, COUNT(*) FROM clicks GROUP BY user_id";
        // 50 users from the connector: a few KiB, nothing to advise.
        assertThat(estimate(count, null)
                        .get("statements")
                        .get(0)
                        .get("estimate")
                        .path("advice")
                        .isMissingNode())
                .isTrue();
        // A million rows/s over 100 million users: gigabytes of keyed state per slot, more than a slot's heap.
        ObjectNode rates = MAPPER.createObjectNode();
        rates.putObject("clicks")
                .put("eventsPerSecond", 1_000_000)
                .putObject("distinctKeys")
                .put("user_id", 100_000_000);
        JsonNode estimate = estimate(count, rates).get("statements").get(0).get("estimate");
        JsonNode advice = estimate.get("advice");
        assertThat(estimate.get("backend").asText()).isEqualTo("HEAP");
        assertThat(advice.get("backend").asText()).as(advice.toString()).isEqualTo("ROCKSDB");
        assertThat(advice.get("reasons").get(0).asText()).contains("heap backend", "RocksDB");
        assertThat(advice.get("settings").get("state.backend.type").asText()).isEqualTo("rocksdb");
        // Under the advice the state is on disk, and the heap no longer holds it.
        assertThat(advice.get("diskBytes").asLong()).isPositive();
        assertThat(advice.get("totals").get("heapBytes").asLong())
                .isLessThan(estimate.get("totals").get("heapBytes").asLong() / 10);
        assertThat(advice.get("totals").get("managedBytes").asLong()).isPositive();
    }

    @Test
    void aMissingHintIsDefaultedAndFlagged() {
        JsonNode response = estimate(
                "CREATE TABLE orders (id INT, customer INT) WITH ('connector' = 'kafka', 'topic' = 't',"
                        + " 'properties.bootstrap.servers' = 'localhost:9', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');\n"
                        + "SELECT customer, COUNT(*) FROM orders GROUP BY customer",
                null);

        JsonNode estimate = response.get("statements").get(0).get("estimate");
        assertThat(estimate.get("assumptions").toString())
                .contains("orders.eventsPerSecond")
                .contains("\"flagged\":true");
        assertThat(operator(estimate, "GROUP_AGGREGATE").get("unboundedState").asBoolean())
                .isTrue();
        assertThat(response.get("totals").get("unboundedState").asBoolean()).isTrue();
    }

    @Test
    void anInvalidScriptGetsItsDiagnosticsAndNoEstimate() {
        JsonNode response = estimate(CLICKS + ";\nSELECT nope FROM clicks", null);

        assertThat(response.get("valid").asBoolean()).isFalse();
        assertThat(response.get("diagnostics").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(response.get("statements")).isEmpty();
        assertThat(response.has("totals")).isFalse();
    }

    @Test
    void aScriptWithoutQueryOrSinkGetsADiagnostic() {
        JsonNode response = estimate(CLICKS, null);

        assertThat(response.get("valid").asBoolean()).isTrue();
        assertThat(response.get("diagnostics").findValuesAsText("code")).containsExactly("NOTHING_TO_ESTIMATE");
    }

    @Test
    void ratesForATableTheScriptDoesNotReadAreRefusedWithTheNearestName() {
        ObjectNode rates = MAPPER.createObjectNode();
        rates.putObject("clickz").put("eventsPerSecond", 10);

        JsonNode error = refused(HOP_DISTINCT, rates, "rates.clickz");
        assertThat(error.get("hint").asText()).isEqualTo("Did you mean `clicks`?");
    }

    @Test
    void negativeNanAndAbsurdValuesAreRefusedNamingTheField() {
        ObjectNode negative = MAPPER.createObjectNode();
        negative.putObject("clicks").put("eventsPerSecond", -1);
        refused(HOP_DISTINCT, negative, "rates.clicks.eventsPerSecond");

        ObjectNode absurd = MAPPER.createObjectNode();
        absurd.putObject("clicks").put("avgRowBytes", 1e15);
        refused(HOP_DISTINCT, absurd, "rates.clicks.avgRowBytes");

        ObjectNode noKeys = MAPPER.createObjectNode();
        noKeys.putObject("clicks").putObject("distinctKeys").put("user_id", 0);
        refused(HOP_DISTINCT, noKeys, "rates.clicks.distinctKeys.user_id");

        ObjectNode nullKeys = MAPPER.createObjectNode();
        nullKeys.putObject("clicks").putObject("distinctKeys").putNull("user_id");
        refused(HOP_DISTINCT, nullKeys, "rates.clicks.distinctKeys.user_id");

        ObjectNode late = MAPPER.createObjectNode();
        late.putObject("clicks").put("outOfOrderness", "-PT5S");
        refused(HOP_DISTINCT, late, "rates.clicks.outOfOrderness");

        // JSON has no NaN: the body is not JSON.
        Response nan = GATEWAY.api()
                .post(
                        "/api/v1/statements:estimate",
                        "{\"sql\": \"SELECT 1\", \"rates\": {\"clicks\": {\"eventsPerSecond\": NaN}}}");
        assertThat(nan.status()).isEqualTo(400);
        assertThat(nan.body().get("error").get("code").asText()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void wrongJsonTypesAreRefusedNamingTheField() {
        assertField(post("{\"sql\": \"SELECT 1\", \"rates\": []}"), "rates");
        assertField(post("{\"sql\": \"SELECT 1\", \"rates\": {\"clicks\": 5}}"), "rates.clicks");
        assertField(
                post("{\"sql\": \"SELECT 1\", \"rates\": {\"clicks\": {\"eventsPerSecond\": \"fast\"}}}"),
                "rates.clicks.eventsPerSecond");
        assertField(
                post("{\"sql\": \"SELECT 1\", \"rates\": {\"clicks\": {\"distinctKeys\": {\"user_id\": \"many\"}}}}"),
                "rates.clicks.distinctKeys.user_id");
        assertField(
                post("{\"sql\": \"SELECT 1\", \"rates\": {\"clicks\": {\"outOfOrderness\": \"soon\"}}}"),
                "rates.clicks.outOfOrderness");
        assertField(
                post("{\"sql\": \"SELECT 1\", \"rates\": {\"clicks\": {\"eventsPerSec\": 1}}}"),
                "rates.clicks.eventsPerSec");
        assertField(post("{\"rates\": {}}"), "sql");
        assertField(post("{\"sql\": \"SELECT 1\", \"rates\": {\"clicks\": null}}"), "rates.clicks");
    }

    @Test
    void aJobKeepsTheEstimateItWasAdmittedWithAndShowsItNextToMeasuredFigures() throws InterruptedException {
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        CLICKS.replace("clicks", "admitted")
                                + "; CREATE TABLE admitted_sink (user_id INT, n BIGINT) WITH ('connector' = 'blackhole')");
        JsonNode job = GATEWAY.api()
                .run(session, "INSERT INTO admitted_sink SELECT user_id, COUNT(*) FROM admitted GROUP BY user_id")
                .get("statements")
                .get(0)
                .get("job");
        String jobId = job.get("id").asText();
        try {
            JsonNode view = GATEWAY.api().get("/api/v1/jobs/" + jobId).body();
            JsonNode aggregate = operator(view.get("estimate"), "GROUP_AGGREGATE");
            // 50 users from the connector's bounds.
            assertThat(aggregate.get("stateEntries").asLong()).isEqualTo(50);
            assertThat(aggregate.get("inputRate").asDouble()).isEqualTo(100.0);
            // Flink's metrics appear once its REST API reports the running vertices.
            view = GATEWAY.api()
                    .awaitGet(
                            "/api/v1/jobs/" + jobId,
                            answer -> answer.body().has("measured"),
                            "Flink's metrics of job " + jobId,
                            Duration.ofSeconds(60))
                    .body();
            assertThat(view.get("measured").get("vertices")).isNotEmpty();
            assertThat(view.get("measured")
                            .get("vertices")
                            .get(0)
                            .get("parallelism")
                            .asInt())
                    .isPositive();
            // The list stays light: no estimates there.
            assertThat(GATEWAY.api()
                            .get("/api/v1/jobs")
                            .body()
                            .get("jobs")
                            .get(0)
                            .has("estimate"))
                    .isFalse();
        } finally {
            GATEWAY.api().post("/api/v1/jobs/" + jobId + ":stop", "");
        }
    }

    private static JsonNode estimate(String sql, ObjectNode rates) {
        ObjectNode request = MAPPER.createObjectNode().put("sql", sql);
        if (rates != null) {
            request.set("rates", rates);
        }
        Response response = GATEWAY.api().post("/api/v1/statements:estimate", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode refused(String sql, ObjectNode rates, String field) {
        Response response = GATEWAY.api()
                .post(
                        "/api/v1/statements:estimate",
                        MAPPER.createObjectNode().put("sql", sql).set("rates", rates));
        assertField(response, field);
        return response.body().get("error");
    }

    private static Response post(String body) {
        return GATEWAY.api().post("/api/v1/statements:estimate", body);
    }

    private static void assertField(Response response, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().get("error").get("field").asText())
                .as(response.body().toString())
                .isEqualTo(field);
    }

    private static JsonNode operator(JsonNode estimate, String kind) {
        for (JsonNode operator : estimate.get("operators")) {
            if (operator.get("kind").asText().equals(kind)) {
                return operator;
            }
        }
        throw new AssertionError("No " + kind + " operator in " + estimate);
    }
}
