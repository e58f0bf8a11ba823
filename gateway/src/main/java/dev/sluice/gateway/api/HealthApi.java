package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The probes for Kubernetes and load balancers, which hold no token: they say nothing but up or not, and why. */
public final class HealthApi implements RouteGroup {

    private final Readiness readiness;

    public HealthApi(Readiness readiness) {
        this.readiness = requireNonNull(readiness, "readiness is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/healthz/live", Access.PUBLIC, null, ctx -> ctx.json(new Liveness("LIVE"))),
                new Route(HandlerType.GET, "/healthz/ready", Access.PUBLIC, null, this::ready));
    }

    private void ready(Context ctx) {
        Readiness.Report report = readiness.check();
        ctx.status(report.ready() ? 200 : 503).json(report);
    }

    /** The answer of {@code /healthz/live}: the process serves requests. */
    record Liveness(String status) {}
}
