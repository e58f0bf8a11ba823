package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.testing.FlinkFailures;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanningFailuresTest {

    private TableEnvironment tableEnv;

    @BeforeEach
    void createTables() {
        tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tableEnv.executeSql("CREATE TABLE plain (a INT, plain_ts TIMESTAMP(3)) WITH ('connector' = 'datagen')");
        tableEnv.executeSql("CREATE TABLE timed (a INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)"
                + " WITH ('connector' = 'datagen')");
    }

    @Test
    void aWindowOverAColumnWithoutAWatermarkIsReportedAtTheColumnWithHowToDeclareOne() {
        // The statement starts at line 2, column 1 of its script; plain_ts is at columns 34-41 of its second line.
        ScriptStatement statement = new ScriptStatement(
                "SELECT window_start, COUNT(*) FROM TABLE(\n  TUMBLE(TABLE plain, DESCRIPTOR(plain_ts), INTERVAL '1'"
                        + " MINUTE))\nGROUP BY window_start, window_end",
                10,
                2,
                1);
        GatewayException flink = FlinkFailures.of(tableEnv, statement);
        assertThat(flink.position()).isEqualTo(SqlPosition.at(2, 1));

        GatewayException explained = PlanningFailures.explain(flink, statement);

        assertThat(explained.code()).isEqualTo(ErrorCode.WINDOW_WITHOUT_WATERMARK);
        assertThat(explained.position()).isEqualTo(new SqlPosition(3, 34, 3, 41));
        assertThat(explained.getMessage())
                .isEqualTo("The window's time column `plain_ts` is a plain TIMESTAMP(3), not a time attribute: the"
                        + " table declares no watermark for it.");
        assertThat(explained.hint()).startsWith("Declare WATERMARK FOR plain_ts AS plain_ts - INTERVAL '5' SECOND");
    }

    @Test
    void ofTwoWindowsTheOneOverTheColumnThatIsNotATimeAttributeIsReported() {
        ScriptStatement statement = ScriptStatement.whole("SELECT a FROM TABLE(TUMBLE(TABLE timed, DESCRIPTOR(ts),"
                + " INTERVAL '1' MINUTE))\nUNION ALL\nSELECT a FROM TABLE(HOP(TABLE plain, DESCRIPTOR(`plain_ts`),"
                + " INTERVAL '1' MINUTE, INTERVAL '2' MINUTE))");

        GatewayException explained = PlanningFailures.explain(FlinkFailures.of(tableEnv, statement), statement);

        assertThat(explained.position()).isEqualTo(new SqlPosition(3, 49, 3, 58));
    }
}
