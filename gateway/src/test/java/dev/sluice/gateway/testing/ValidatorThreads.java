package dev.sluice.gateway.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The gateway's validation workers, seen from a test in the same JVM: a validation past its timeout must stop and
 * give its worker back, not keep it busy.
 */
public final class ValidatorThreads {

    private static final String NAME = "sluice-validator";

    private ValidatorThreads() {}

    /** Waits until no validation worker is working (each is parked in its pool) or the limit has passed. */
    public static List<String> busyAfter(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> busy = busy();
        while (!busy.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            busy = busy();
        }
        return busy;
    }

    /** The workers not waiting for work, each with the top of its stack. */
    private static List<String> busy() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().equals(NAME))
                .filter(thread -> Arrays.stream(thread.getValue()).noneMatch(frame -> frame.getMethodName().equals("getTask")))
                .map(thread -> thread.getKey().getName() + " at " + Arrays.stream(thread.getValue()).limit(5).toList())
                .toList();
    }
}
