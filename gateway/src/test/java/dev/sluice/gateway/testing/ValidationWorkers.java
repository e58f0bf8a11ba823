package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.validate.ScriptValidator;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Makes validations wait for a worker of a gateway running in this JVM, for tests of the validation queue: a script
 * that keeps a worker busy for the gateway's whole validation timeout, requests sent on threads of their own, and a
 * wait until a number of them are at the queue.
 */
public final class ValidationWorkers {

    public static final String VALIDATE = "/api/v1/statements:validate";

    private ValidationWorkers() {}

    /** A validation that keeps one worker busy for its whole timeout (see ValidationLimitsIT), once it runs. */
    public static CompletableFuture<Response> occupyOne(ApiClient client) {
        String script = IntStream.rangeClosed(1, 18_000)
                .mapToObj("SELECT a + %d FROM (VALUES (1)) AS t(a) GROUP BY a;\n"::formatted)
                .collect(Collectors.joining());
        CompletableFuture<Response> occupier = inBackground(client, VALIDATE, script);
        awaitWaitingForAWorker(1);
        return occupier;
    }

    /** Waits until {@code count} requests wait for a validation worker's answer (the one running counts). */
    public static void awaitWaitingForAWorker(int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Thread.getAllStackTraces().values().stream()
                                .filter(stack -> Arrays.stream(stack)
                                        .anyMatch(frame -> frame.getClassName().equals(ScriptValidator.class.getName())
                                                && frame.getMethodName().equals("onWorker")))
                                .count()
                        == count);
    }

    /** Posts on a thread of its own: the common pool may have fewer threads than requests a test keeps waiting. */
    public static CompletableFuture<Response> inBackground(ApiClient client, String path, String sql) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                response.complete(
                        client.post(path, JsonNodeFactory.instance.objectNode().put("sql", sql)));
            } catch (RuntimeException | Error e) {
                response.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return response;
    }
}
