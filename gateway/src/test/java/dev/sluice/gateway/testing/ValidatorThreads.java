package dev.sluice.gateway.testing;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The gateway's validation workers, seen from a test in the same JVM: a validation past its timeout must stop and
 * give its worker back, not keep it busy.
 */
public final class ValidatorThreads {

    private static final String NAME = "sluice-validator";

    private ValidatorThreads() {}

    /** Waits until no validation worker is working (each is parked in its pool) or the limit has passed. */
    public static List<String> busyAfter(Duration limit) {
        try {
            return await("the validation workers to be idle")
                    .atMost(limit)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(ValidatorThreads::busy, List::isEmpty);
        } catch (ConditionTimeoutException stillBusy) {
            // The caller shows which are.
            return busy();
        }
    }

    /** The workers not waiting for work, each with the top of its stack. */
    private static List<String> busy() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().equals(NAME))
                .filter(thread -> Arrays.stream(thread.getValue())
                        .noneMatch(frame -> frame.getMethodName().equals("getTask")))
                .map(thread -> thread.getKey().getName() + " at "
                        + Arrays.stream(thread.getValue()).limit(5).toList())
                .toList();
    }
}
