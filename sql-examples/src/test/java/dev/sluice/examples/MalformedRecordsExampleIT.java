package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two choices for malformed records besides routing them aside ({@code KafkaExamplesIT}): fail the job, or
 * skip them with a count a user can read. Each runs its file from {@code malformed-records/} through the gateway
 * against a real broker.
 */
class MalformedRecordsExampleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "{\"title\":\"t1\",\"user_id\":\"u1\",\"seconds\":30}";

    private final ExampleRunner runner = new ExampleRunner(KAFKA, GATEWAY);

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON | {\"title\":\"t1\",\"user_id\": | strict-plays-1",
                "wrong type | {\"title\":\"t2\",\"user_id\":\"u2\",\"seconds\":\"long\"} | strict-plays-2",
                "missing field | {\"title\":\"t2\",\"seconds\":5} | strict-plays-3"
            })
    void failStopsTheJobAtTheMalformedRecordAndNamesIt(String kind, String malformed, String topic) throws Exception {
        KAFKA.broker().createTopic(topic, 1);
        KAFKA.broker().produce(topic, List.of(GOOD, malformed, GOOD));
        String sql = runner.example("malformed-records/fail.sql")
                .replace("'topic' = 'strict-plays'", "'topic' = '" + topic + "'");
        JsonNode statements =
                GATEWAY.api().run(GATEWAY.api().openSession(), sql).get("statements");
        String job = statements.get(statements.size() - 1).get("job").get("id").asText();

        JsonNode failed = runner.awaitStatus(job, "FAILED");
        // The status message names the record and, after it, the JSON parser's own complaint; no stack.
        assertThat(failed.get("statusMessage").asText())
                .as(kind)
                .contains("Failed to deserialize JSON '" + malformed + "'", "Caused by: ")
                .containsAnyOf("JsonParseException", "JsonEOFException")
                .doesNotContain("\n");
    }

    @Test
    void skipDropsMalformedRecordsAndCountsThemPerReason() throws Exception {
        KAFKA.broker().createTopic("raw-plays", 1);
        KAFKA.broker()
                .produce(
                        "raw-plays",
                        List.of(
                                GOOD,
                                "{\"title\":\"t1\",\"user_id\":",
                                "{\"title\":\"t2\",\"user_id\":\"u2\",\"seconds\":\"long\"}",
                                "{\"title\":\"t2\",\"seconds\":5}",
                                "not json at all",
                                "{\"title\":\"t2\",\"user_id\":\"u3\",\"seconds\":12}",
                                "{\"user_id\":\"u4\"}"));
        String job = runner.runExample("malformed-records/skip-and-count.sql");

        assertThat(KAFKA.broker().consume("clean-plays", 2, Duration.ofSeconds(60)))
                .containsExactly(GOOD, "{\"title\":\"t2\",\"user_id\":\"u3\",\"seconds\":12}");
        // The latest record per reason is the count so far: 5 of 7 skipped, every one of them counted.
        Map<String, Long> expected =
                Map.of("not a JSON object", 2L, "missing field", 2L, "seconds is not an integer", 1L);
        assertThat(latestCounts(expected)).isEqualTo(expected);
        runner.stop(job);
    }

    /** Folds the upsert topic into its latest value per reason, reading until it equals {@code expected} or 60 s pass. */
    private static Map<String, Long> latestCounts(Map<String, Long> expected) {
        return await("the latest skip counts")
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            Map<String, Long> counts = new TreeMap<>();
                            for (String record :
                                    KAFKA.broker().consume("skipped-plays", Integer.MAX_VALUE, Duration.ofSeconds(2))) {
                                JsonNode value = JSON.readTree(record);
                                counts.put(
                                        value.get("reason").asText(),
                                        value.get("skipped").asLong());
                            }
                            return counts;
                        },
                        expected::equals);
    }
}
