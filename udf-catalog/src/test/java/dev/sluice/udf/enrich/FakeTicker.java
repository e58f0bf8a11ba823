package dev.sluice.udf.enrich;

import java.time.Duration;

/** A clock the test moves by hand. */
final class FakeTicker implements Ticker {

    private long nanos = 1_000_000_000L;

    @Override
    public long nanos() {
        return nanos;
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }
}
