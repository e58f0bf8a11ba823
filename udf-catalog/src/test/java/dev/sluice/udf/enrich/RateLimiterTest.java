package dev.sluice.udf.enrich;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final FakeTicker ticker = new FakeTicker();

    @Test
    void spacesPermitsOneIntervalApartAndRefusesThoseBeyondTheWait() {
        RateLimiter limiter = new RateLimiter(10, ticker); // one permit per 100 ms
        assertThat(limiter.reserve(Duration.ofMillis(250))).isZero();
        assertThat(limiter.reserve(Duration.ofMillis(250)))
                .isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(limiter.reserve(Duration.ofMillis(250)))
                .isEqualTo(Duration.ofMillis(200).toNanos());
        // the next one would start 300 ms from now: refused, and nothing reserved
        assertThat(limiter.reserve(Duration.ofMillis(250))).isEqualTo(RateLimiter.REFUSED);
        assertThat(limiter.reserve(Duration.ZERO)).isEqualTo(RateLimiter.REFUSED);

        ticker.advance(Duration.ofMillis(300));
        assertThat(limiter.reserve(Duration.ZERO)).isZero();
    }

    @Test
    void neverGrantsMoreThanOnePlusRateTimesElapsedOverALongRun() {
        double rate = 7;
        RateLimiter limiter = new RateLimiter(rate, ticker);
        long start = ticker.nanos();
        long granted = 0;
        // 10,000 callers 1 ms apart, each prepared to wait 50 ms
        for (int i = 0; i < 10_000; i++) {
            long wait = limiter.reserve(Duration.ofMillis(50));
            if (wait != RateLimiter.REFUSED) {
                granted++;
                // the k-th permit starts no earlier than (k - 1) / rate seconds after the first
                assertThat(ticker.nanos() + wait - start).isGreaterThanOrEqualTo((granted - 1) * 142_857_143L);
            }
            ticker.advance(Duration.ofMillis(1));
        }
        double elapsedSeconds = (ticker.nanos() - start) / 1e9;
        assertThat(granted)
                .isLessThanOrEqualTo(1 + (long) (rate * elapsedSeconds))
                .isGreaterThanOrEqualTo(69);
    }

    @Test
    void storesNoBurstWhileIdle() {
        RateLimiter limiter = new RateLimiter(10, ticker);
        ticker.advance(Duration.ofSeconds(60));
        assertThat(limiter.reserve(Duration.ZERO)).isZero();
        assertThat(limiter.reserve(Duration.ZERO)).isEqualTo(RateLimiter.REFUSED);
    }
}
