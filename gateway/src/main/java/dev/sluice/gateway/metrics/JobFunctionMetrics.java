package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * What catalog functions did inside the tenants' jobs and queries, as Flink counts it in their tasks and the gateway
 * reads it back: totals since the gateway started, by tenant and function, which never go down (a job that ends keeps
 * its share; a task restarted from zero adds from zero).
 */
public final class JobFunctionMetrics {

    /** A counter a function keeps in its tasks. */
    public enum Kind {
        CALLS("sluice.job.function.calls", "Calls of JavaScript catalog functions in jobs and queries"),
        ERRORS("sluice.job.function.errors", "Those calls that failed: the function threw, or the sandbox stopped it"),
        SANDBOX_STOPS(
                "sluice.job.function.sandbox.stops",
                "Those calls the JavaScript sandbox stopped at a time or statement limit"),
        ENRICHMENT_CACHE_HITS(
                "sluice.enrichment.cache.hits",
                "Calls of enrichment functions in jobs and queries answered without a new lookup (cache, or a lookup"
                        + " of the same key under way)"),
        ENRICHMENT_LOOKUPS(
                "sluice.enrichment.lookups",
                "Lookups enrichment functions in jobs and queries sent to their store (a database or an HTTP service)");

        private final String meter;
        private final String description;

        Kind(String meter, String description) {
            this.meter = meter;
            this.description = description;
        }
    }

    /** One task counter's total so far. */
    public record Total(String tenant, String function, Kind kind, long value) {
        public Total {
            requireNonNull(tenant, "tenant is null");
            requireNonNull(function, "function is null");
            requireNonNull(kind, "kind is null");
        }
    }

    private record Series(String tenant, String function, Kind kind) {}

    private final MeterRegistry registry;
    private final BoundedLabels tenants;
    private final BoundedLabels functions;
    private final Map<Series, AtomicLong> values = new ConcurrentHashMap<>();

    public JobFunctionMetrics(MeterRegistry registry, BoundedLabels tenants, BoundedLabels functions) {
        this.registry = requireNonNull(registry, "registry is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.functions = requireNonNull(functions, "functions is null");
    }

    /** Sets the series to {@code totals} (every function's, each a total since the start); labels past the bound sum. */
    public void set(Iterable<Total> totals) {
        Map<Series, Long> sums = new HashMap<>();
        for (Total total : totals) {
            String function =
                    functions.of(total.tenant() + "/" + total.function()).equals(BoundedLabels.OTHER)
                            ? BoundedLabels.OTHER
                            : total.function();
            sums.merge(new Series(tenants.of(total.tenant()), function, total.kind()), total.value(), Long::sum);
        }
        sums.forEach(
                (series, sum) -> values.computeIfAbsent(series, this::register).set(sum));
    }

    private AtomicLong register(Series series) {
        AtomicLong value = new AtomicLong();
        FunctionCounter.builder(series.kind().meter, value, AtomicLong::doubleValue)
                .description(series.kind().description)
                .tag("tenant", series.tenant())
                .tag("function", series.function())
                .register(registry);
        return value;
    }
}
