package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

/**
 * {@code POST /api/v1/statements}: a script of one or more {@code ;}-separated statements, run in order in the given
 * session, or in a new one when none is given.
 */
public record StatementRequest(String sql, @Nullable String sessionId) {

    public StatementRequest {
        if (sql == null || sql.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "Field 'sql' is required and must hold at least one statement.",
                    null);
        }
    }
}
