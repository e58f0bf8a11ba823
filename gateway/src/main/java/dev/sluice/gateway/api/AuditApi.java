package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.AuditEntry;
import dev.sluice.gateway.api.model.AuditList;
import dev.sluice.gateway.audit.AuditLog;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.AuditRecord;
import dev.sluice.gateway.store.AuditRepository;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import javax.annotation.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** The audit log, for admins: {@code GET /api/v1/audit?tenant=&actor=&action=&since=&until=&limit=}. */
public final class AuditApi implements RouteGroup {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = requireNonNull(audit, "audit is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(HandlerType.GET, "/api/v1/audit", Access.ADMIN, null, this::find));
    }

    void find(Context ctx) {
        AuditRepository.Filter filter = new AuditRepository.Filter(
                blankToNull(ctx.queryParam("tenant")),
                blankToNull(ctx.queryParam("actor")),
                blankToNull(ctx.queryParam("action")),
                instant(ctx, "since"),
                instant(ctx, "until"),
                limit(ctx.queryParam("limit")));
        ctx.json(
                new AuditList(audit.find(filter).stream().map(AuditApi::toEntry).toList()));
    }

    private static AuditEntry toEntry(AuditRecord record) {
        return new AuditEntry(
                record.id(),
                record.occurredAt(),
                record.tenant(),
                record.actorId(),
                record.actorName(),
                record.action(),
                record.target(),
                record.result(),
                record.approvalId());
    }

    @Nullable
    private static Instant instant(Context ctx, String field) {
        String value = blankToNull(ctx.queryParam(field));
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "'" + value + "' is not a time.",
                    "Use an ISO-8601 UTC time, e.g. 2026-11-23T21:00:00Z.");
        }
    }

    private static int limit(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw GatewayException.forField(
                ErrorCode.INVALID_REQUEST,
                "limit",
                "'" + value + "' is not a valid limit.",
                "Ask for 1 to " + MAX_LIMIT + " rows (default " + DEFAULT_LIMIT + ").");
    }

    @Nullable
    private static String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
