package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

import java.util.List;

/**
 * {@code POST /api/v1/scripts} and {@code PUT /api/v1/scripts/{id}}: a script's name (unique among its owner's
 * scripts), its SQL, and the statement-test cases saved beside it, each run on the script's SQL.
 */
public record ScriptRequest(
        String name, String sql, @Nullable List<TestCaseBody> tests) {

    /** The longest name a script may have, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    public ScriptRequest {
        if (name == null || name.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST, "name", "Field 'name' is required: the script's name.", null);
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "name",
                    "Field 'name' must be at most " + MAX_NAME_LENGTH + " characters, none of them control characters.",
                    null);
        }
        if (sql == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "Field 'sql' is required: the script's statements (\"\" for none yet).",
                    null);
        }
        tests = TestCaseBody.checked(tests);
    }
}
