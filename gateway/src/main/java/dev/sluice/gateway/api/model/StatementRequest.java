package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

import java.util.List;

/**
 * {@code POST /api/v1/statements}: a script of one or more {@code ;}-separated statements, run in order in the given
 * session, or in a new one when none is given. With {@code tests}, statement-test cases of the script's last statement
 * (an INSERT) that must all pass before any of it runs; passing, they are recorded as that INSERT's passing test.
 */
public record StatementRequest(
        String sql, @Nullable String sessionId, @Nullable List<TestCaseBody> tests) {

    public StatementRequest {
        if (sql == null || sql.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "Field 'sql' is required and must hold at least one statement.",
                    null);
        }
        tests = TestCaseBody.checked(tests);
    }
}
