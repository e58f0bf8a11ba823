package dev.sluice.gateway.track;

import dev.sluice.gateway.metrics.JobFunctionMetrics.Kind;
import dev.sluice.gateway.track.JobFunctionCounters.Counter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task metrics read back for the functions' series: the ids Flink gives the counters that the JavaScript and
 * enrichment runtimes register in an operator's group, and nothing else (Flink's own task metrics, a function's other
 * counters and gauges).
 */
class JobFunctionCountersTest {

    @Test
    void theRuntimesCountersAreReadByFunctionAndKind() {
        assertThat(JobFunctionCounters.counterOf("Calc[2].sluice_js_function.shout.calls"))
                .contains(new Counter("shout", Kind.CALLS));
        assertThat(JobFunctionCounters.counterOf("Calc[2].sluice_js_function.shout.failures"))
                .contains(new Counter("shout", Kind.ERRORS));
        assertThat(JobFunctionCounters.counterOf("Correlate[4].sluice_js_function.words.sandboxStops"))
                .contains(new Counter("words", Kind.SANDBOX_STOPS));
        assertThat(JobFunctionCounters.counterOf("Calc[7].enrichment.customer_tier.cacheHits"))
                .contains(new Counter("customer_tier", Kind.ENRICHMENT_CACHE_HITS));
        assertThat(JobFunctionCounters.counterOf("Calc[7].enrichment.customer_tier.storeLookups"))
                .contains(new Counter("customer_tier", Kind.ENRICHMENT_LOOKUPS));
    }

    @Test
    void otherTaskMetricsAreNotRead() {
        assertThat(JobFunctionCounters.counterOf("Calc[2].numRecordsIn")).isEmpty();
        assertThat(JobFunctionCounters.counterOf("Calc[2].sluice_js_function.shout.reloads"))
                .isEmpty();
        assertThat(JobFunctionCounters.counterOf("Calc[2].sluice_js_function.shout.version"))
                .isEmpty();
        assertThat(JobFunctionCounters.counterOf("Calc[7].enrichment.customer_tier.cacheHitRatio"))
                .isEmpty();
        assertThat(JobFunctionCounters.counterOf("Calc[7].enrichment.customer_tier.storeLookupsPerSecond"))
                .isEmpty();
    }
}
