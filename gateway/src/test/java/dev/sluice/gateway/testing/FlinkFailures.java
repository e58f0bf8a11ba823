package dev.sluice.gateway.testing;

import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import org.apache.flink.table.api.TableEnvironment;

import static org.assertj.core.api.Assertions.catchThrowable;

/** What Flink's refusal of a statement becomes in the pipeline, for tests of what the pipeline then makes of it. */
public final class FlinkFailures {

    private FlinkFailures() {}

    /** Validates and plans {@code statement} in {@code tableEnv}, and maps its failure as the pipeline does. */
    public static GatewayException of(TableEnvironment tableEnv, ScriptStatement statement) {
        Throwable failure = catchThrowable(() -> tableEnv.explainSql(statement.sql()));
        if (failure == null) {
            throw new AssertionError("Flink accepted " + statement.sql());
        }
        return FlinkErrors.toGatewayException(failure, statement);
    }
}
