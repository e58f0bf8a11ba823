package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /api/v1/statements:estimate}: a script to validate, plan and estimate without running it, with what
 * the caller knows of its source tables' data, by table name.
 */
public record EstimateRequest(
        String sql,
        @Nullable Map<String, Rates> rates,
        @Nullable String sessionId) {

    public EstimateRequest {
        if (sql == null || sql.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "Field 'sql' is required and must hold at least one statement.",
                    null);
        }
        rates = rates == null ? Map.of() : rates;
    }

    /**
     * One table's data; every field is optional.
     *
     * @param distinctKeys distinct values per key column (grouping, join, partition, DISTINCT argument)
     * @param outOfOrderness ISO-8601, e.g. {@code "PT5S"}
     */
    public record Rates(
            @Nullable Double eventsPerSecond,
            @Nullable Double avgRowBytes,
            @Nullable Map<String, Long> distinctKeys,
            @Nullable Duration outOfOrderness) {}
}
