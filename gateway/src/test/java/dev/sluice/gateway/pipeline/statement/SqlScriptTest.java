package dev.sluice.gateway.pipeline.statement;

import dev.sluice.gateway.error.SqlPosition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsAndRecordsWhereEachStatementStarts() {
        List<ScriptStatement> statements = SqlScript.split("SELECT 1;\n  SELECT 2 ;\n\nSELECT 3");

        assertThat(statements).extracting(ScriptStatement::sql).containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
        assertThat(statements).extracting(ScriptStatement::line).containsExactly(1, 2, 4);
        assertThat(statements).extracting(ScriptStatement::column).containsExactly(1, 3, 1);
    }

    @Test
    void semicolonsInsideLiteralsIdentifiersAndCommentsDoNotSplit() {
        String script = "SELECT 'a;b', \"c;d\", `e;f` -- g;h\nFROM t /* i;j */ WHERE x = 'it''s;';\nSELECT 2";

        assertThat(SqlScript.split(script))
                .extracting(ScriptStatement::sql)
                .containsExactly(
                        "SELECT 'a;b', \"c;d\", `e;f` -- g;h\nFROM t /* i;j */ WHERE x = 'it''s;'", "SELECT 2");
    }

    @Test
    void statementSetBlockIsOneStatement() {
        String script = "EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\nSELECT 3";

        assertThat(SqlScript.split(script))
                .extracting(ScriptStatement::sql)
                .containsExactly(
                        "EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND",
                        "SELECT 3");
    }

    @Test
    void oldStyleStatementSetIsSeparateStatements() {
        assertThat(SqlScript.split("BEGIN STATEMENT SET; INSERT INTO a SELECT 1; END;"))
                .extracting(ScriptStatement::sql)
                .containsExactly("BEGIN STATEMENT SET", "INSERT INTO a SELECT 1", "END");
    }

    @Test
    void commentOnlyAndEmptyStatementsAreSkipped() {
        assertThat(SqlScript.split(";; -- nothing\n;/* still nothing */;SELECT 1;  "))
                .extracting(ScriptStatement::sql)
                .containsExactly("SELECT 1");
        assertThat(SqlScript.split("  \n-- only a comment")).isEmpty();
    }

    @Test
    void crlfAndLoneCrEndLinesLikeCalcite() {
        List<ScriptStatement> statements = SqlScript.split("SELECT 1;\r\nSELECT 2;\rSELECT 3");

        assertThat(statements).extracting(ScriptStatement::line).containsExactly(1, 2, 3);
    }

    @Test
    void positionsInAStatementMoveIntoTheScript() {
        ScriptStatement statement =
                SqlScript.split("SELECT 1;\n   SELECT x\n   FROM t").get(1);

        // Same line as the statement's start (column 4): shifted by it; later lines keep their column.
        assertThat(statement.toScript(new SqlPosition(1, 8, 1, 8))).isEqualTo(new SqlPosition(2, 11, 2, 11));
        assertThat(statement.toScript(new SqlPosition(2, 9, 2, 9))).isEqualTo(new SqlPosition(3, 9, 3, 9));
    }
}
