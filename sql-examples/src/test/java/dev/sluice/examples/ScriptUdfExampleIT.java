package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Example 2 ({@code script-udf/}): a JavaScript function from the catalog reshapes plays on the way through, and a new
 * version published while the job runs changes its output without a restart.
 */
class ScriptUdfExampleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(60);

    private final ExampleRunner runner = new ExampleRunner(KAFKA, GATEWAY);

    @Test
    void aScriptFunctionReshapesPlaysAndANewVersionTakesOverWithoutARestart() throws Exception {
        ObjectNode function = (ObjectNode) JSON.readTree(file("platform_of.json"));
        function.put("source", file("platform_of.js"));
        assertThat(runner.api().post("/api/v1/functions", function).status()).isEqualTo(201);
        KAFKA.broker().createTopic("raw-plays", 1);
        KAFKA.broker()
                .produce(
                        "raw-plays",
                        List.of(
                                rawPlay("u1", "t1", "iPhone14,2", 61_500, "10:00:00"),
                                rawPlay("u2", "t1", "SM-G991B", 3_000, "10:00:05"),
                                rawPlay("u3", "t2", "Roku/DVP-9.10", 120_000, "10:00:09"),
                                rawPlay("u4", "t2", "Mozilla/5.0 (X11; Linux x86_64)", 45_250, "10:00:12")));

        String job = runner.runExample("script-udf/script-udf.sql");
        String flinkJob = runner.awaitStatus(job, "RUNNING").get("flinkJobId").asText();
        assertThat(KAFKA.broker().consume("plays-by-platform", 4, Duration.ofSeconds(60)))
                .containsExactly(
                        play("u1", "t1", "ios", 61, "10:00:00"),
                        play("u2", "t1", "android", 3, "10:00:05"),
                        play("u3", "t2", "tv", 120, "10:00:09"),
                        play("u4", "t2", "other", 45, "10:00:12"));

        // Version 2 names browsers 'web'. The running job polls the catalog and switches at its next call.
        ObjectNode version2 = function.deepCopy();
        version2.remove(List.of("name", "description", "reloadable"));
        version2.put("source", file("platform_of-v2.js"));
        assertThat(runner.api()
                        .post("/api/v1/functions/platform_of/versions", version2)
                        .status())
                .isEqualTo(201);
        int probes = awaitVersion2();

        KAFKA.broker()
                .produce(
                        "raw-plays",
                        List.of(
                                rawPlay("u5", "t3", "Mozilla/5.0 (Macintosh)", 10_999, "10:01:00"),
                                rawPlay("u6", "t3", "iPad13,1", 1_000, "10:01:02")));
        List<String> records = KAFKA.broker().consume("plays-by-platform", 4 + probes + 2, Duration.ofSeconds(60));
        assertThat(records.subList(4 + probes, records.size()))
                .containsExactly(play("u5", "t3", "web", 10, "10:01:00"), play("u6", "t3", "ios", 1, "10:01:02"));
        // The same Flink job all along: no restart, no redeploy.
        JsonNode after = runner.job(job);
        assertThat(after.get("status").asText()).isEqualTo("RUNNING");
        assertThat(after.get("flinkJobId").asText()).isEqualTo(flinkJob);
        runner.stop(job);
    }

    /**
     * Sends a browser play every half second until one comes out as 'web', the sign the job runs version 2; returns
     * how many were sent. The probes go through the job like any play.
     */
    private int awaitVersion2() {
        AtomicInteger probes = new AtomicInteger();
        await("version 2 in the running job")
                .atMost(RELOAD_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    KAFKA.broker()
                            .produce("raw-plays", List.of(rawPlay("probe", "t0", "Mozilla/5.0", 1_000, "10:00:30")));
                    int sent = 4 + probes.incrementAndGet();
                    List<String> records = KAFKA.broker().consume("plays-by-platform", sent, Duration.ofSeconds(10));
                    assertThat(records)
                            .as("output")
                            .hasSize(sent)
                            .last()
                            .isEqualTo(play("probe", "t0", "web", 1, "10:00:30"));
                });
        return probes.get();
    }

    private static String file(String name) throws IOException {
        return Files.readString(Path.of(System.getProperty("sluice.examplesDir"), "script-udf", name));
    }

    private static String rawPlay(String user, String title, String device, long durationMs, String time) {
        return ExampleRunner.json(
                entry("user_id", user),
                entry("title", title),
                entry("device", device),
                entry("duration_ms", durationMs),
                entry("player_build", "7.4.1"),
                entry("ts", "2026-11-23 " + time));
    }

    private static String play(String user, String title, String platform, long seconds, String time) {
        return ExampleRunner.json(
                entry("user_id", user),
                entry("title", title),
                entry("platform", platform),
                entry("seconds", seconds),
                entry("ts", "2026-11-23 " + time));
    }
}
