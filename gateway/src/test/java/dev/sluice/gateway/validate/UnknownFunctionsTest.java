package dev.sluice.gateway.validate;

import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.testing.FlinkFailures;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownFunctionsTest {

    private TableEnvironment tableEnv;

    @BeforeEach
    void createTables() {
        tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tableEnv.executeSql("CREATE TABLE t (a INT, s STRING) WITH ('connector' = 'datagen')");
        tableEnv.createFunction("shout", Shout.class);
    }

    @Test
    void anUnknownFunctionOverAStarIsReportedAtItsNameWithTheNearestKnownOne() {
        // Line 3, column 5 of its script: COUNTT is at columns 8-13 of the statement.
        ScriptStatement statement = new ScriptStatement("SELECT COUNTT(*) FROM t", 40, 3, 5);
        Diagnostic calcite = Diagnostic.error(FlinkFailures.of(tableEnv, statement));
        assertThat(calcite.message()).isEqualTo("Unknown identifier '*'");

        Diagnostic reworded =
                UnknownFunctions.reword(calcite, statement, tableEnv).orElseThrow();

        assertThat(reworded.message()).isEqualTo("Unknown function 'COUNTT'.");
        assertThat(reworded.position()).isEqualTo(new SqlPosition(3, 12, 3, 17));
        assertThat(reworded.hint()).isEqualTo("Did you mean `COUNT`?");
        assertThat(reworded.code()).isEqualTo(calcite.code());
    }

    @Test
    void anUnknownFunctionOverColumnsIsReportedAtItsNameAndCatalogFunctionsAreSuggested() {
        ScriptStatement statement = ScriptStatement.whole("SELECT a,\n  shoutt(s) FROM t");

        Diagnostic reworded = UnknownFunctions.reword(
                        Diagnostic.error(FlinkFailures.of(tableEnv, statement)), statement, tableEnv)
                .orElseThrow();

        assertThat(reworded.message()).isEqualTo("Unknown function 'shoutt'.");
        assertThat(reworded.position()).isEqualTo(new SqlPosition(2, 3, 2, 8));
        assertThat(reworded.hint()).isEqualTo("Did you mean `shout`?");
    }

    @Test
    void aNameNothingIsCloseToSaysWhatToDo() {
        ScriptStatement statement = ScriptStatement.whole("SELECT zzqxw(*) FROM t");

        Diagnostic reworded = UnknownFunctions.reword(
                        Diagnostic.error(FlinkFailures.of(tableEnv, statement)), statement, tableEnv)
                .orElseThrow();

        assertThat(reworded.position()).isEqualTo(new SqlPosition(1, 8, 1, 12));
        assertThat(reworded.hint()).contains("publish the function to the catalog");
    }

    @Test
    void aKnownFunctionWhoseArgumentsDoNotFitIsLeftInCalcitesWords() {
        ScriptStatement statement = ScriptStatement.whole("SELECT UPPER(*) FROM t");
        Diagnostic calcite = Diagnostic.error(FlinkFailures.of(tableEnv, statement));

        assertThat(UnknownFunctions.reword(calcite, statement, tableEnv)).isEmpty();
    }

    /** A catalog function, as a tenant publishes one. */
    public static final class Shout extends ScalarFunction {
        public String eval(String text) {
            return text == null ? null : text.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
