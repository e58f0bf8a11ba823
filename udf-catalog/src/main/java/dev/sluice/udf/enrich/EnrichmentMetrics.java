package dev.sluice.udf.enrich;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

import java.util.function.IntSupplier;

/**
 * An enrichment function's metrics, registered in the Flink metric group it is given (the function's operator
 * group plus {@code enrichment.<function name>}). A call is a cache hit when it is answered without a new query:
 * from the cache or by joining a query already under way for the same key.
 */
final class EnrichmentMetrics {

    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter storeLookups;
    private final Counter throttled;
    private final Counter timeouts;
    private final Counter errors;
    private final Counter refused;
    private final Counter fallbacks;

    EnrichmentMetrics(MetricGroup group, IntSupplier cacheSize) {
        cacheHits = group.counter("cacheHits");
        cacheMisses = group.counter("cacheMisses");
        storeLookups = group.counter("storeLookups");
        throttled = group.counter("throttled");
        timeouts = group.counter("timeouts");
        errors = group.counter("errors");
        refused = group.counter("refused");
        fallbacks = group.counter("fallbacks");
        group.gauge("cacheHitRatio", (Gauge<Double>) this::hitRatio);
        group.gauge("cacheSize", (Gauge<Integer>) cacheSize::getAsInt);
        group.meter("storeLookupsPerSecond", new MeterView(storeLookups));
    }

    double hitRatio() {
        long hits = cacheHits.getCount();
        long total = hits + cacheMisses.getCount();
        return total == 0 ? 0.0 : (double) hits / total;
    }

    Counter cacheHits() {
        return cacheHits;
    }

    Counter cacheMisses() {
        return cacheMisses;
    }

    Counter storeLookups() {
        return storeLookups;
    }

    Counter throttled() {
        return throttled;
    }

    Counter timeouts() {
        return timeouts;
    }

    Counter errors() {
        return errors;
    }

    /** Lookups that failed because the tenant's outbound rules refused the host (counted as errors too). */
    Counter refused() {
        return refused;
    }

    Counter fallbacks() {
        return fallbacks;
    }
}
