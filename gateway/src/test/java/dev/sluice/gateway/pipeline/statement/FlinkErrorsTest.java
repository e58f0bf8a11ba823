package dev.sluice.gateway.pipeline.statement;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlinkErrorsTest {

    private static final ScriptStatement SECOND_LINE = new ScriptStatement("SELECT x FROM t", 10, 2, 3);

    @Test
    void aValidatorErrorWithoutAPositionPointsAtTheStatement() {
        CalciteContextException noPosition =
                new CalciteContextException("From line 0, column 0", new RuntimeException("Unknown x"), 0, 0, 0, 0);

        GatewayException error =
                FlinkErrors.toGatewayException(new ValidationException("failed", noPosition), SECOND_LINE);

        assertThat(error.code()).isEqualTo(ErrorCode.SQL_VALIDATION);
        assertThat(error.position()).isEqualTo(SqlPosition.at(2, 3));
    }

    @Test
    void anEndBeforeTheStartIsTheStart() {
        CalciteContextException backwards =
                new CalciteContextException("From line 1, column 8", new RuntimeException("Unknown x"), 1, 8, 1, 0);

        GatewayException error = FlinkErrors.toGatewayException(backwards, SECOND_LINE);

        assertThat(error.position()).isEqualTo(new SqlPosition(2, 10, 2, 10));
    }

    @Test
    void aStackOverflowIsAStatementTooComplex() {
        GatewayException error =
                FlinkErrors.toGatewayException(new RuntimeException(new StackOverflowError()), SECOND_LINE);

        assertThat(error.code()).isEqualTo(ErrorCode.SQL_TOO_COMPLEX);
        assertThat(error.position()).isEqualTo(SqlPosition.at(2, 3));
    }
}
