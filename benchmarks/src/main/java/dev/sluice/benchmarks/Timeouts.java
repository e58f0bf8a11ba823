package dev.sluice.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Every wait of a benchmark is bounded: a hung step fails the run with a message instead of hanging it. */
final class Timeouts {

    private Timeouts() {}

    /** Runs a blocking call (e.g. Flink's result iterator) on its own thread and gives up after the timeout. */
    static <T> T call(String what, Duration timeout, Callable<T> call) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "benchmark-wait");
            t.setDaemon(true);
            return t;
        });
        Future<T> result = thread.submit(call);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new IllegalStateException(what + " did not happen within " + timeout + ".", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.shutdownNow();
        }
    }

    /** Asks {@code poll} every {@code interval} until it returns a value, or fails after the timeout. */
    static <T> T poll(String what, Duration timeout, Duration interval, Supplier<T> poll) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = poll.get();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " did not happen within " + timeout + ".");
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
