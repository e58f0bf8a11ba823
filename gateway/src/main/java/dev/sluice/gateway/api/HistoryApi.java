package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.HistoryList;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.HistoryRecord;
import dev.sluice.gateway.store.HistoryRepository;
import dev.sluice.gateway.store.HistoryStatus;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The caller's history of statements, from every listener: {@code GET /api/v1/history?limit=&offset=}, and
 * {@code DELETE /api/v1/history} to clear it. Only ever the caller's own (a user is a token's name in its tenant): an
 * admin reads who ran what in the audit log, not in people's histories.
 */
public final class HistoryApi implements RouteGroup {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final HistoryRepository history;

    public HistoryApi(HistoryRepository history) {
        this.history = requireNonNull(history, "history is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/history", Access.AUTHENTICATED, null, this::list),
                new Route(HandlerType.DELETE, "/api/v1/history", Access.AUTHENTICATED, "history.clear", this::clear));
    }

    void list(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        int limit = number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = number(ctx, "offset", 0, 0, Integer.MAX_VALUE - MAX_LIMIT);
        // One more than asked says whether there is a next page.
        List<HistoryRecord> page = history.list(caller.tenant(), caller.name(), offset, limit + 1);
        ctx.json(new HistoryList(
                page.stream().limit(limit).map(HistoryApi::toEntry).toList(),
                page.size() > limit ? offset + limit : null));
    }

    void clear(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        history.clear(caller.tenant(), caller.name());
        ctx.status(204);
    }

    private static HistoryList.Entry toEntry(HistoryRecord entry) {
        boolean held = entry.status() == HistoryStatus.HELD;
        return new HistoryList.Entry(
                entry.id(),
                entry.sql(),
                entry.listener(),
                entry.status().name(),
                entry.startedAt(),
                entry.finishedAt(),
                entry.finishedAt() == null
                        ? null
                        : Duration.between(entry.startedAt(), entry.finishedAt())
                                .toMillis(),
                held ? null : entry.jobId(),
                held ? entry.jobId() : null,
                entry.message());
    }

    private static int number(Context ctx, String field, int fallback, int min, int max) {
        String value = ctx.queryParam(field);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw GatewayException.forField(
                ErrorCode.INVALID_REQUEST,
                field,
                "'" + value + "' is not a valid " + field + ".",
                "Give a whole number from " + min + " to " + max + " (default " + fallback + ").");
    }
}
