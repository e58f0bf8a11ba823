package dev.sluice.gateway.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The validation queue through the API: one worker kept busy by a script that takes its whole timeout, and an editor's
 * older validation waiting behind it answered as superseded by its newer one. (The queue's bound and its 503 are in
 * ValidationQueueTest.)
 */
class ValidationQueueIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final String VALIDATE = "/api/v1/statements:validate";

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.VALIDATION_TIMEOUT, TIMEOUT);
        options.set(SluiceOptions.VALIDATION_PARALLELISM, 1);
    });

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void anEditorsOlderValidationStillWaitingIsAnsweredAsSupersededByItsNewerOne() {
        CompletableFuture<Response> occupier = occupyTheWorker();
        CompletableFuture<Response> older = inBackground(VALIDATE + "?lints=false&editor=tab-1", "SELECT 1 AS older");
        awaitRequestsWaitingForAWorker(2);
        CompletableFuture<Response> newer = inBackground(VALIDATE + "?lints=false&editor=tab-1", "SELECT 1 AS newer");

        Response superseded = older.join();
        assertThat(superseded.status()).isEqualTo(200);
        assertThat(superseded.body().get("superseded").asBoolean()).isTrue();
        assertThat(superseded.body().get("valid").asBoolean()).isFalse();
        assertThat(superseded.body().get("diagnostics")).isEmpty();
        assertThat(occupier).isNotDone();

        Response answered = newer.join();
        assertThat(answered.status()).as(answered.body().toString()).isEqualTo(200);
        assertThat(answered.body().get("valid").asBoolean()).isTrue();
        assertThat(answered.body().has("superseded")).isFalse();
        occupier.join();
    }

    /** A validation that keeps the one worker busy for its whole timeout (see ValidationLimitsIT). */
    private static CompletableFuture<Response> occupyTheWorker() {
        String script = IntStream.rangeClosed(1, 18_000)
                .mapToObj("SELECT a + %d FROM (VALUES (1)) AS t(a) GROUP BY a;\n"::formatted)
                .collect(Collectors.joining());
        CompletableFuture<Response> occupier = inBackground(VALIDATE, script);
        awaitRequestsWaitingForAWorker(1);
        return occupier;
    }

    /** Waits until {@code count} requests wait for a validation worker's answer (the one running counts). */
    private static void awaitRequestsWaitingForAWorker(int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Thread.getAllStackTraces().values().stream()
                                .filter(stack -> Arrays.stream(stack)
                                        .anyMatch(frame -> frame.getClassName().equals(ScriptValidator.class.getName())
                                                && frame.getMethodName().equals("onWorker")))
                                .count()
                        == count);
    }

    /** Posts on a thread of its own: the common pool may have fewer threads than requests this test keeps waiting. */
    private static CompletableFuture<Response> inBackground(String path, String sql) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                response.complete(post(path, sql));
            } catch (RuntimeException | Error e) {
                response.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return response;
    }

    private static Response post(String path, String sql) {
        return GATEWAY.api().post(path, MAPPER.createObjectNode().put("sql", sql));
    }
}
