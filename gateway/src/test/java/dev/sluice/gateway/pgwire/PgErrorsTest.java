package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's errors in PostgreSQL's terms: the SQLSTATE a user recognises, and the position as psql's caret needs it. */
class PgErrorsTest {

    private static GatewayException error(ErrorCode code, String message) {
        return new GatewayException(code, message);
    }

    @Test
    void validationErrorsAreNamedByWhatIsMissing() {
        assertThat(PgErrors.stateOf(error(ErrorCode.SQL_PARSE, "Encountered \"FORM\"")))
                .isEqualTo(SqlState.SYNTAX_ERROR);
        assertThat(PgErrors.stateOf(error(ErrorCode.SQL_VALIDATION, "Object 'orders' not found")))
                .isEqualTo(SqlState.UNDEFINED_TABLE);
        assertThat(PgErrors.stateOf(error(ErrorCode.SQL_VALIDATION, "Column 'idd' not found in any table")))
                .isEqualTo(SqlState.UNDEFINED_COLUMN);
        assertThat(PgErrors.stateOf(
                        error(ErrorCode.SQL_VALIDATION, "No match found for function signature f(<NUMERIC>)")))
                .isEqualTo(SqlState.UNDEFINED_FUNCTION);
        assertThat(PgErrors.stateOf(error(ErrorCode.SQL_VALIDATION, "Something else")))
                .isEqualTo(SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION);
        assertThat(PgErrors.stateOf(error(ErrorCode.SQL_EXECUTION, "Table `x` already exists")))
                .isEqualTo(SqlState.DUPLICATE_OBJECT);
        assertThat(PgErrors.stateOf(error(ErrorCode.SQL_EXECUTION, "The job failed")))
                .isEqualTo(SqlState.INTERNAL_ERROR);
    }

    @Test
    void refusalsHaveTheirClassOfCode() {
        assertThat(PgErrors.stateOf(error(ErrorCode.POLICY_PATH_NOT_ALLOWED, "no")))
                .isEqualTo(SqlState.INSUFFICIENT_PRIVILEGE);
        assertThat(PgErrors.stateOf(error(ErrorCode.QUOTA_EXCEEDED, "no")))
                .isEqualTo(SqlState.CONFIGURATION_LIMIT_EXCEEDED);
        assertThat(PgErrors.stateOf(error(ErrorCode.PENDING_APPROVAL, "held")))
                .isEqualTo(SqlState.CONFIGURATION_LIMIT_EXCEEDED);
        assertThat(PgErrors.stateOf(error(ErrorCode.STATEMENT_TOO_LARGE, "big")))
                .isEqualTo(SqlState.PROGRAM_LIMIT_EXCEEDED);
        assertThat(PgErrors.stateOf(error(ErrorCode.SQL_TOO_COMPLEX, "deep")))
                .isEqualTo(SqlState.STATEMENT_TOO_COMPLEX);
        assertThat(PgErrors.stateOf(error(ErrorCode.QUERY_CANCELLED, "unread"))).isEqualTo(SqlState.QUERY_CANCELED);
        assertThat(PgErrors.stateOf(error(ErrorCode.INTERNAL, "oops"))).isEqualTo(SqlState.INTERNAL_ERROR);
    }

    @Test
    void positionIsAOneBasedCharacterOffsetFromLineAndColumn() {
        String script = "SELECT 1;\r\nSELECT x\nFROM t";
        // Line 2, column 8 is the x; line 3, column 6 the t.
        assertThat(PgErrors.offset(script, 2, 8)).isEqualTo(script.indexOf('x'));
        assertThat(PgErrors.offset(script, 3, 6)).isEqualTo(script.indexOf('t', script.indexOf("FROM")));

        PgException error = PgErrors.of(
                new GatewayException(
                        ErrorCode.SQL_VALIDATION,
                        "Column 'x' not found in any table",
                        new SqlPosition(2, 8, 2, 8),
                        null,
                        "Did you mean y?",
                        null),
                script,
                offset -> offset);
        assertThat(error.position()).isEqualTo(script.indexOf('x') + 1);
        assertThat(error.state()).isEqualTo(SqlState.UNDEFINED_COLUMN);
        assertThat(error.hint()).isEqualTo("Did you mean y?");
        assertThat(error.detail()).isEqualTo("Sluice error code: SQL_VALIDATION.");
    }
}
