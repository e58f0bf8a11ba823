package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import static java.util.Objects.requireNonNull;

/**
 * Calls of catalog functions that the gateway runs itself ({@code POST /api/v1/functions/{name}:try}), by tenant and
 * function: calls, those that failed, and those the JavaScript sandbox stopped (a time or statement limit). Only
 * functions that exist in the catalog are counted, so the function label is bounded by the catalog and then by
 * {@link BoundedLabels}.
 */
public final class FunctionMetrics {

    /** How a call ended. */
    public enum Outcome {
        RETURNED,
        FAILED,
        STOPPED
    }

    private final MeterRegistry registry;
    private final BoundedLabels tenants;
    private final BoundedLabels functions;

    public FunctionMetrics(MeterRegistry registry, BoundedLabels tenants, BoundedLabels functions) {
        this.registry = requireNonNull(registry, "registry is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.functions = requireNonNull(functions, "functions is null");
    }

    /** One call of the catalog function {@code function} of {@code tenant}, ended as {@code outcome}. */
    public void called(String tenant, String function, Outcome outcome) {
        String tenantLabel = tenants.of(tenant);
        // A function's name is unique within its tenant only.
        String functionLabel =
                functions.of(tenant + "/" + function).equals(BoundedLabels.OTHER) ? BoundedLabels.OTHER : function;
        // All three exist from a function's first call, so that a ratio of errors to calls has both sides.
        Counter calls = counter(
                "sluice.function.calls", "Calls of catalog functions run by the gateway", tenantLabel, functionLabel);
        Counter errors = counter(
                "sluice.function.errors",
                "Calls of catalog functions that failed: the function threw, or the sandbox stopped it",
                tenantLabel,
                functionLabel);
        Counter stops = counter(
                "sluice.function.sandbox.stops",
                "Calls the JavaScript sandbox stopped at a time or statement limit",
                tenantLabel,
                functionLabel);
        calls.increment();
        if (outcome != Outcome.RETURNED) {
            errors.increment();
        }
        if (outcome == Outcome.STOPPED) {
            stops.increment();
        }
    }

    private Counter counter(String name, String description, String tenant, String function) {
        return Counter.builder(name)
                .description(description)
                .tag("tenant", tenant)
                .tag("function", function)
                .register(registry);
    }
}
