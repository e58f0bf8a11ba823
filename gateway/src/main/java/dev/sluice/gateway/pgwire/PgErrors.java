package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;

import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * Puts the gateway's errors in PostgreSQL's terms: the SQLSTATE a PostgreSQL user recognises for the
 * {@link ErrorCode} (for validation errors, for what Calcite's message says is missing: a table, a column, a function),
 * the message, the gateway's code as the detail, the hint, and the position as a 1-based character offset into the
 * statement the client sent, from the gateway's line and column, so psql draws its caret under the right character.
 */
final class PgErrors {

    private static final Pattern UNDEFINED_TABLE =
            Pattern.compile("Object '.*' not found|Table .* does not exist|Table .* not found");
    private static final Pattern UNDEFINED_COLUMN =
            Pattern.compile("Column '.*' not found|Unknown field|Unknown target column");
    private static final Pattern UNDEFINED_FUNCTION =
            Pattern.compile("No match found for function signature|Cannot apply '.*' to arguments"
                    + "|Function .* (does not exist|not found)");

    private PgErrors() {}

    /**
     * @param script the text the error's position counts lines and columns in
     * @param toClientOffset moves a 0-based offset in {@code script} to one in the text the client sent (they differ
     *     when parameters were replaced by literals)
     */
    static PgException of(GatewayException error, String script, IntUnaryOperator toClientOffset) {
        SqlPosition position = error.position();
        int offset = position == null
                ? 0
                : toClientOffset.applyAsInt(offset(script, position.line(), position.column())) + 1;
        return new PgException(
                stateOf(error), error.getMessage(), "Sluice error code: " + error.code() + ".", error.hint(), offset);
    }

    static SqlState stateOf(GatewayException error) {
        return switch (error.code()) {
            case SQL_PARSE -> SqlState.SYNTAX_ERROR;
            case SQL_VALIDATION -> validationState(error.getMessage());
            case SINK_SCHEMA_MISMATCH, WINDOW_WITHOUT_WATERMARK -> SqlState.DATATYPE_MISMATCH;
            case SQL_TOO_COMPLEX -> SqlState.STATEMENT_TOO_COMPLEX;
            case LINT_WARNING, CONFLICT -> SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE;
            case UNAUTHENTICATED -> SqlState.INVALID_PASSWORD;
            case FORBIDDEN,
                    POLICY_CONNECTOR_NOT_ALLOWED,
                    POLICY_PATH_NOT_ALLOWED,
                    POLICY_OPTION_FORBIDDEN,
                    POLICY_STATEMENT_FORBIDDEN,
                    POLICY_PROTECTED_SETTING,
                    POLICY_WINDOW_TOO_LARGE,
                    POLICY_STATE_TTL_TOO_LONG,
                    POLICY_WATERMARK_REQUIRED,
                    POLICY_HOST_NOT_ALLOWED,
                    POLICY_JAVA_FUNCTIONS_NOT_ALLOWED,
                    POLICY_TEST_REQUIRED -> SqlState.INSUFFICIENT_PRIVILEGE;
            case NOT_FOUND -> SqlState.UNDEFINED_OBJECT;
            case QUERY_CANCELLED -> SqlState.QUERY_CANCELED;
            case PENDING_APPROVAL, QUOTA_EXCEEDED, TENANT_LIMIT_REACHED -> SqlState.CONFIGURATION_LIMIT_EXCEEDED;
            case BODY_TOO_LARGE, STATEMENT_TOO_LARGE -> SqlState.PROGRAM_LIMIT_EXCEEDED;
            case METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE -> SqlState.FEATURE_NOT_SUPPORTED;
            case INVALID_REQUEST, MALFORMED_JSON, UNKNOWN_FIELD, STATEMENT_TEST_FAILED ->
                SqlState.INVALID_PARAMETER_VALUE;
            case CLUSTER_FULL, VALIDATION_QUEUE_FULL -> SqlState.INSUFFICIENT_RESOURCES;
            case CLUSTER_UNAVAILABLE, METADATA_STORE_UNAVAILABLE -> SqlState.SYSTEM_ERROR;
            case SQL_EXECUTION -> executionState(error.getMessage());
            case INTERNAL -> SqlState.INTERNAL_ERROR;
        };
    }

    private static SqlState validationState(String message) {
        if (UNDEFINED_TABLE.matcher(message).find()) {
            return SqlState.UNDEFINED_TABLE;
        }
        if (UNDEFINED_COLUMN.matcher(message).find()) {
            return SqlState.UNDEFINED_COLUMN;
        }
        if (UNDEFINED_FUNCTION.matcher(message).find()) {
            return SqlState.UNDEFINED_FUNCTION;
        }
        return SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION;
    }

    /** A statement that failed in Flink: what its message says is missing or already there, else an internal error. */
    private static SqlState executionState(String message) {
        if (message.contains("already exists")) {
            return SqlState.DUPLICATE_OBJECT;
        }
        SqlState state = validationState(message);
        return state == SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION ? SqlState.INTERNAL_ERROR : state;
    }

    /**
     * The 0-based character offset of a 1-based line and column, lines ending as Calcite counts them ({@code \n},
     * {@code \r\n}, a lone {@code \r}); past the end, the end.
     */
    static int offset(String text, int line, int column) {
        int currentLine = 1;
        int i = 0;
        while (currentLine < line && i < text.length()) {
            char c = text.charAt(i++);
            if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
                currentLine++;
            }
        }
        return Math.min(text.length(), i + column - 1);
    }
}
