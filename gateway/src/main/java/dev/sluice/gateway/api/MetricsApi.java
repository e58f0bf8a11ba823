package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.metrics.GatewayMetrics;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /metrics}: the gateway's own figures in the Prometheus text format, for admins and for a Prometheus server
 * holding the scrape token. Its figures span every tenant, so no analyst reads them.
 */
public final class MetricsApi implements RouteGroup {

    private final GatewayMetrics metrics;
    private final Runnable refresh;

    /** @param refresh brings the figures read rather than counted (per-tenant states) up to date before a scrape */
    public MetricsApi(GatewayMetrics metrics, Runnable refresh) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.refresh = requireNonNull(refresh, "refresh is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(HandlerType.GET, "/metrics", Access.ADMIN_OR_SCRAPER, null, this::scrape));
    }

    private void scrape(Context ctx) {
        refresh.run();
        ctx.contentType(GatewayMetrics.CONTENT_TYPE).result(metrics.scrape());
    }
}
