package dev.sluice.udf.enrich;

import java.time.Duration;

/**
 * Spaces permits {@code 1/rate} apart, with no stored burst: over any interval of length T starting at creation,
 * at most {@code 1 + rate * T} permits are handed out. A caller reserves the next free permit only if it comes
 * within the time it is prepared to wait, and then waits (asynchronously) for its start time; otherwise it gets
 * nothing and nothing is reserved. One limiter per parallel task.
 */
final class RateLimiter {

    /** Returned by {@link #reserve} when no permit is free within the allowed wait. */
    static final long REFUSED = -1;

    private final long intervalNanos;
    private final Ticker ticker;
    private long nextFreeNanos;

    RateLimiter(double permitsPerSecond, Ticker ticker) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive, not " + permitsPerSecond);
        }
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / permitsPerSecond));
        this.ticker = ticker;
        this.nextFreeNanos = ticker.nanos();
    }

    /** Nanoseconds to wait before using the reserved permit (0: now), or {@link #REFUSED}. */
    synchronized long reserve(Duration maxWait) {
        long now = ticker.nanos();
        long start = Math.max(now, nextFreeNanos);
        long wait = start - now;
        if (wait > maxWait.toNanos()) {
            return REFUSED;
        }
        nextFreeNanos = start + intervalNanos;
        return wait;
    }
}
