package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.QueryList;
import dev.sluice.gateway.api.model.QueryResponse;
import dev.sluice.gateway.session.RunningQuery;
import dev.sluice.gateway.session.SessionService;
import dev.sluice.gateway.store.QueryAdmission;
import dev.sluice.gateway.store.QuotaRepository;
import dev.sluice.gateway.store.Resources;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The queries running on this gateway, whichever listener runs them: an analyst lists and cancels their own, an admin
 * any tenant's. Another analyst's query, or another tenant's, is a 404 to an analyst, as a query that does not exist.
 */
public final class QueriesApi implements RouteGroup {

    private final SessionService sessions;
    private final QuotaRepository admissions;

    public QueriesApi(SessionService sessions, QuotaRepository admissions) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.admissions = requireNonNull(admissions, "admissions is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/queries", Access.AUTHENTICATED, null, this::list),
                new Route(
                        HandlerType.DELETE,
                        "/api/v1/queries/{queryId}",
                        Access.AUTHENTICATED,
                        "query.cancel",
                        this::cancel));
    }

    void list(Context ctx) {
        List<RunningQuery> visible = sessions.queries(ApiServer.caller(ctx));
        Map<String, QueryAdmission> admitted = visible.isEmpty()
                ? Map.of()
                : admissions.queries().stream().collect(Collectors.toMap(QueryAdmission::queryId, Function.identity()));
        ctx.json(new QueryList(visible.stream()
                .map(query -> describe(query, admitted.get(query.id())))
                .toList()));
    }

    void cancel(Context ctx) {
        sessions.cancelQuery(ctx.pathParam("queryId"), ApiServer.caller(ctx));
        ctx.status(204);
    }

    private static QueryResponse describe(RunningQuery query, QueryAdmission admission) {
        return new QueryResponse(
                query.id(),
                query.owner().tenant(),
                query.owner().name(),
                query.listener().name(),
                query.sql(),
                query.startedAt(),
                query.lastReadAt(),
                admission == null ? null : admission.flinkJobId(),
                admission == null ? null : resources(admission.demand()));
    }

    private static QueryResponse.Resources resources(Resources demand) {
        return new QueryResponse.Resources(
                demand.taskSlots(), demand.cpuMillis() / 1000.0, demand.memoryBytes(), demand.stateBytes());
    }
}
