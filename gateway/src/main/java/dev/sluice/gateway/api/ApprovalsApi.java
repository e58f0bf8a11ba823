package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.ApprovalList;
import dev.sluice.gateway.api.model.ApprovalResponse;
import dev.sluice.gateway.api.model.DecisionRequest;
import dev.sluice.gateway.approval.Approvals;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.admit.Requester;
import dev.sluice.gateway.store.ApprovalRecord;
import dev.sluice.gateway.store.ApprovalStatus;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The approval queue. Admins list every tenant's requests and decide on them; an analyst follows the requests of
 * their own tenant, and another tenant's request is as absent to them as one that does not exist.
 */
public final class ApprovalsApi implements RouteGroup {

    private final Approvals approvals;
    private final Json json = new Json();

    public ApprovalsApi(Approvals approvals) {
        this.approvals = requireNonNull(approvals, "approvals is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/approvals", Access.AUTHENTICATED, null, this::list),
                new Route(HandlerType.GET, "/api/v1/approvals/{approvalId}", Access.AUTHENTICATED, null, this::get),
                new Route(
                        HandlerType.POST,
                        "/api/v1/approvals/{approvalId}:approve",
                        Access.ADMIN,
                        "approval.approve",
                        this::approve),
                new Route(
                        HandlerType.POST,
                        "/api/v1/approvals/{approvalId}:reject",
                        Access.ADMIN,
                        "approval.reject",
                        this::reject));
    }

    void list(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        String tenant = caller.isAdmin() ? ctx.queryParam("tenant") : caller.tenant();
        ctx.json(new ApprovalList(approvals.list(tenant, status(ctx.queryParam("status"))).stream()
                .map(ApprovalsApi::toResponse)
                .toList()));
    }

    void get(Context ctx) {
        ctx.json(toResponse(approvals.get(ctx.pathParam("approvalId"), visibleTo(ApiServer.caller(ctx)))));
    }

    void approve(Context ctx) {
        String id = ctx.pathParam("approvalId");
        ApiServer.auditApproval(ctx, id);
        ctx.json(toResponse(approvals.approve(id, Requester.of(ApiServer.caller(ctx)), comment(ctx))));
    }

    void reject(Context ctx) {
        String id = ctx.pathParam("approvalId");
        ApiServer.auditApproval(ctx, id);
        ctx.json(toResponse(approvals.reject(id, Requester.of(ApiServer.caller(ctx)), comment(ctx))));
    }

    @Nullable
    private String comment(Context ctx) {
        return ctx.body().isBlank()
                ? null
                : json.read(ctx.body(), DecisionRequest.class).comment();
    }

    @Nullable
    private static String visibleTo(Principal caller) {
        return caller.isAdmin() ? null : caller.tenant();
    }

    @Nullable
    private static ApprovalStatus status(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return ApprovalStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "status",
                    "'" + value + "' is not a status of an approval request.",
                    "Use one of " + Arrays.toString(ApprovalStatus.values()) + ".");
        }
    }

    static ApprovalResponse toResponse(ApprovalRecord request) {
        ApprovalRecord.Decision decision = request.decision();
        return new ApprovalResponse(
                request.id(),
                request.status().name(),
                request.tenant(),
                request.requesterName(),
                request.requestedAt(),
                request.statement(),
                QuotaApi.amounts(1, request.demand()),
                request.exceeded(),
                decision == null ? null : decision.deciderName(),
                decision == null ? null : decision.decidedAt(),
                decision == null ? null : decision.comment(),
                request.jobId());
    }
}
