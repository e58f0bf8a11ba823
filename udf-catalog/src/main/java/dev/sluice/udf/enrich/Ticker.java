package dev.sluice.udf.enrich;

/** A monotonic clock in nanoseconds; injected so that the cache and the rate limiter are tested without sleeping. */
@FunctionalInterface
public interface Ticker {

    long nanos();

    static Ticker system() {
        return System::nanoTime;
    }
}
