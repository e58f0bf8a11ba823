package dev.sluice.gateway.track;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.NavigableMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stop with savepoint, resume, rewind and restate through the API, on a real embedded Flink job whose output shows
 * whether its state carried over (see {@link WindowedCounts}). The store is PostgreSQL when
 * {@code SLUICE_TEST_POSTGRES_URL} is set (as {@code ./sluice test} does), else H2.
 */
class JobLifecycleIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres(
            options -> options.set(SluiceOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1)));

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path output;

    @Test
    void stopWithSavepointAndResumeContinueTheCountsWhereTheyStopped() throws Exception {
        ApiClient api = GATEWAY.api();
        WindowedCounts counts = new WindowedCounts(output);
        String jobId = counts.start(api, "a");
        counts.await("three committed windows", c -> c.rows().size() >= 3, WAIT);

        JsonNode stopped = api.post("/api/v1/jobs/" + jobId + ":stop", "{\"savepoint\": true, \"drain\": false}")
                .body();
        assertThat(stopped.get("status").asText()).isEqualTo("STOPPED");
        String firstFlinkJob = stopped.get("flinkJobId").asText();
        assertThat(stopped.get("savepoints")).hasSize(1);
        JsonNode savepoint = stopped.get("savepoints").get(0);
        assertThat(savepoint.get("kind").asText()).isEqualTo("SAVEPOINT");
        assertThat(savepoint.get("trigger").asText()).isEqualTo("stop");
        assertThat(savepoint.get("flinkJobId").asText()).isEqualTo(firstFlinkJob);
        String lastBeforeStop = lastWindow(counts);

        JsonNode resumed = api.post("/api/v1/jobs/" + jobId + ":resume", "").body();
        assertThat(resumed.get("status").asText()).isEqualTo("RUNNING");
        assertThat(resumed.get("flinkJobId").asText()).isNotEqualTo(firstFlinkJob);
        assertThat(resumed.get("history"))
                .extracting(change -> change.get("status").asText())
                .containsExactly("RUNNING", "STOPPED", "RUNNING");
        assertThat(resumed.get("history").get(2).get("reason").asText())
                .isEqualTo("Resumed from savepoint " + savepoint.get("path").asText() + " on request.");

        counts.await("five windows after the stop", c -> windowsAfter(c, lastBeforeStop) >= 5, WAIT);
        // Each window once, none missing, each complete: the source's position and the window state both carried over.
        assertThat(counts.timesWritten())
                .allSatisfy((window, times) -> assertThat(times).as(window).isEqualTo(1));
        counts.assertEveryWindowThereAndComplete();
        api.post("/api/v1/jobs/" + jobId + ":stop", "");
    }

    @Test
    void aJobStoppedRightAfterItWasResumedStopsWithASavepointOnceItsTasksRun() throws Exception {
        ApiClient api = GATEWAY.api();
        WindowedCounts counts = new WindowedCounts(output);
        String jobId = counts.start(api, "quick");
        counts.await("one committed window", c -> c.rows().size() >= 1, WAIT);
        api.post("/api/v1/jobs/" + jobId + ":stop", "{\"savepoint\": true}");
        assertThat(api.post("/api/v1/jobs/" + jobId + ":resume", "{}")
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("RUNNING");

        // At once, while the resumed job's tasks are still being deployed (the console's button allows it).
        JsonNode stopped = api.post("/api/v1/jobs/" + jobId + ":stop", "{\"savepoint\": true}")
                .body();

        assertThat(stopped.path("status").asText()).as(stopped.toString()).isEqualTo("STOPPED");
        assertThat(stopped.get("savepoints")).hasSize(2);
    }

    @Test
    void rewindingToAnOlderSavepointReplaysWhatCameAfterIt() throws Exception {
        ApiClient api = GATEWAY.api();
        WindowedCounts counts = new WindowedCounts(output);
        String jobId = counts.start(api, "b");
        counts.await("two committed windows", c -> c.rows().size() >= 2, WAIT);
        String older = api.post("/api/v1/jobs/" + jobId + ":stop", "{\"savepoint\": true}")
                .body()
                .get("savepoints")
                .get(0)
                .get("path")
                .asText();
        api.post("/api/v1/jobs/" + jobId + ":resume", "{}");
        String lastOfFirstRun = lastWindow(counts);
        counts.await("four windows more", c -> windowsAfter(c, lastOfFirstRun) >= 4, WAIT);
        JsonNode second = api.post("/api/v1/jobs/" + jobId + ":stop", "{\"savepoint\": true}")
                .body();
        assertThat(second.get("savepoints")).hasSize(2);
        String lastOfSecondRun = lastWindow(counts);

        JsonNode rewound = api.post("/api/v1/jobs/" + jobId + ":resume", "{\"savepoint\": \"" + older + "\"}")
                .body();
        assertThat(rewound.get("status").asText()).isEqualTo("RUNNING");
        assertThat(rewound.get("statusMessage").asText()).isEqualTo("Resumed from savepoint " + older + " on request.");
        counts.await("windows past the second run", c -> windowsAfter(c, lastOfSecondRun) >= 2, WAIT);

        // The windows after the older savepoint were counted again from its state: twice, and complete both times.
        NavigableMap<String, Long> times = counts.timesWritten();
        assertThat(times.values()).contains(2L).allSatisfy(n -> assertThat(n).isBetween(1L, 2L));
        assertThat(times.headMap(lastOfFirstRun, true).values())
                .as("windows committed before the older savepoint")
                .containsOnly(1L);
        counts.assertEveryWindowThereAndComplete();
        api.post("/api/v1/jobs/" + jobId + ":stop", "");
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        ApiClient api = GATEWAY.api();
        String unknown = UUID.randomUUID().toString();
        assertError(api.post("/api/v1/jobs/" + unknown + ":stop", "{\"savepoint\": true}"), 404, "NOT_FOUND", null);
        assertError(api.post("/api/v1/jobs/" + unknown + ":resume", ""), 404, "NOT_FOUND", null);

        WindowedCounts counts = new WindowedCounts(output);
        String jobId = counts.start(api, "c");
        ApiClient.Response running = api.post("/api/v1/jobs/" + jobId + ":resume", "");
        assertError(running, 409, "CONFLICT", null);
        assertThat(running.body().get("error").get("message").asText()).contains("is RUNNING");

        ApiClient.Response restate =
                api.post("/api/v1/jobs/" + jobId + ":resume", "{\"startFromTimestamp\": \"2026-11-23T10:00:00Z\"}");
        assertError(restate, 409, "CONFLICT", null);

        api.post("/api/v1/jobs/" + jobId + ":stop", "");
        assertError(api.post("/api/v1/jobs/" + jobId + ":stop", "{\"savepoint\": true}"), 409, "CONFLICT", null);
        ApiClient.Response missing = api.post(
                "/api/v1/jobs/" + jobId + ":resume",
                "{\"savepoint\": \"" + output.resolve("no-such-savepoint").toUri() + "\"}");
        assertError(missing, 400, "INVALID_REQUEST", "savepoint");
        assertThat(missing.body().get("error").get("message").asText()).contains("no-such-savepoint", "no _metadata");
        assertError(
                api.post("/api/v1/jobs/" + jobId + ":resume", "{\"savepoint\": \"\"}"),
                400,
                "INVALID_REQUEST",
                "savepoint");
        assertError(
                api.post("/api/v1/jobs/" + jobId + ":resume", "{\"startFromTimestamp\": \"yesterday\"}"),
                400,
                "INVALID_REQUEST",
                "startFromTimestamp");
        assertError(
                api.post(
                        "/api/v1/jobs/" + jobId + ":resume",
                        "{\"savepoint\": \"x\", \"startFromTimestamp\": \"2026-11-23T10:00:00Z\"}"),
                400,
                "INVALID_REQUEST",
                "savepoint");
        assertError(
                api.post("/api/v1/jobs/" + jobId + ":resume", "{\"savepoints\": \"x\"}"), 400, "UNKNOWN_FIELD", null);

        // datagen cannot start at a timestamp: refused, and the record is left as it was.
        ApiClient.Response datagen =
                api.post("/api/v1/jobs/" + jobId + ":resume", "{\"startFromTimestamp\": \"2026-11-23T10:00:00Z\"}");
        assertError(datagen, 400, "INVALID_REQUEST", "startFromTimestamp");
        assertThat(datagen.body().get("error").get("message").asText())
                .contains("ticks_c", "'datagen'", "cannot start at a timestamp");
        assertThat(api.get("/api/v1/jobs/" + jobId).body().get("status").asText())
                .isEqualTo("CANCELED");
    }

    private static String lastWindow(WindowedCounts counts) {
        return counts.counts().isEmpty() ? "" : counts.counts().lastKey();
    }

    private static long windowsAfter(WindowedCounts counts, String window) {
        return counts.counts().keySet().stream()
                .filter(w -> w.compareTo(window) > 0)
                .count();
    }

    private static void assertError(ApiClient.Response response, int status, String code, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        JsonNode error = response.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(error.get("field").asText()).isEqualTo(field);
        }
    }
}
