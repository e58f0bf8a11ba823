package dev.sluice.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** A gateway run as a child process by a benchmark: waiting for its ready line, and stopping it as Ctrl-C would. */
public final class GatewayChild {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private GatewayChild() {}

    /**
     * Reads the child's stdout until {@code ready} answers a line with a value (null for any other line), and returns
     * that value; fails with the child's log if it exits or stays silent for {@code timeout} first.
     */
    public static <T> T awaitReadyLine(Process child, Path log, Duration timeout, Function<String, T> ready)
            throws IOException, InterruptedException {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = out.readLine(); line != null; line = out.readLine()) {
                            T value = ready.apply(line);
                            if (value != null) {
                                answer.complete(value);
                            }
                        }
                        answer.completeExceptionally(
                                new IllegalStateException("The gateway exited before it was ready."));
                    } catch (IOException e) {
                        answer.completeExceptionally(e);
                    }
                },
                "gateway-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(
                    "No ready line within " + timeout + "; its log:\n" + Files.readString(log), e);
        }
    }

    /** SIGTERM first, so the gateway's shutdown hook runs; SIGKILL if it has not exited in time. */
    public static void stop(Process child) throws InterruptedException {
        child.destroy();
        if (!child.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            child.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
