package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The Sluice API's requests, by method, route template (never the path itself, which holds ids) and status code, with
 * their latency.
 */
public final class RequestMetrics {

    /** The route of a request that matched none of the route table (a 404, a console asset). */
    public static final String UNMATCHED = "unmatched";

    static final String NAME = "sluice.http.requests";

    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /**
     * @param route the template of the route that served it, e.g. {@code /api/v1/jobs/{id}}, or {@link #UNMATCHED}
     */
    public void served(String method, String route, int status, Duration latency) {
        Latency.histogram(NAME, "Requests to the Sluice API by method, route template and status, and their latency")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(latency);
    }
}
