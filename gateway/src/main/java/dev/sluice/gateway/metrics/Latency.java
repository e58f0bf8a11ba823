package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

import java.time.Duration;
import java.util.Arrays;

/** The buckets every latency histogram of the gateway shares: few and fixed, so a histogram costs a dozen series. */
final class Latency {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private Latency() {}

    static Timer.Builder histogram(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
    }

    /** The same buckets, for a timer another library registers (the metadata store's pool). */
    static DistributionStatisticConfig buckets() {
        return DistributionStatisticConfig.builder()
                .serviceLevelObjectives(
                        Arrays.stream(BUCKETS).mapToDouble(Duration::toNanos).toArray())
                .build();
    }
}
