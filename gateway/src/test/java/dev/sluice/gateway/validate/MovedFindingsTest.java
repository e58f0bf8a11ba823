package dev.sluice.gateway.validate;

import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MovedFindingsTest {

    private static final String QUERY = "SELECT amount\nFROM orders\nWHERE amount > 'x'";

    @Test
    void aStatementTypedAboveMovesTheFindingsDownWithTheirColumns() {
        ScriptStatement before = statementOf(QUERY);
        ScriptStatement after = statementOf("SELECT 1;\n" + QUERY);
        // 'x' on the query's third line: its columns do not change, only its line.
        Diagnostic error = error(new SqlPosition(3, 16, 3, 18));

        List<Diagnostic> moved =
                MovedFindings.move(List.of(error), before, after).orElseThrow();

        assertThat(moved).singleElement().satisfies(diagnostic -> {
            assertThat(diagnostic.position()).isEqualTo(new SqlPosition(4, 16, 4, 18));
            assertThat(diagnostic.message()).isEqualTo(error.message());
            assertThat(diagnostic.hint()).isEqualTo(error.hint());
        });
    }

    @Test
    void onTheStatementsFirstLineTheColumnMovesWithItsStart() {
        ScriptStatement before = new ScriptStatement(QUERY, 0, 1, 1);
        // The same text after "SELECT 1; " on the same line: it starts at column 11.
        ScriptStatement after = new ScriptStatement(QUERY, 10, 1, 11);
        Diagnostic onFirstLine = error(new SqlPosition(1, 8, 1, 13));
        Diagnostic acrossLines = error(new SqlPosition(1, 8, 2, 4));

        List<Diagnostic> moved = MovedFindings.move(List.of(onFirstLine, acrossLines), before, after)
                .orElseThrow();

        assertThat(moved)
                .extracting(Diagnostic::position)
                .containsExactly(new SqlPosition(1, 18, 1, 23), new SqlPosition(1, 18, 2, 4));
    }

    @Test
    void aFindingWithoutAPositionStaysAsItIs() {
        Diagnostic noPosition = new Diagnostic(Diagnostic.Severity.WARNING, "SOME_LINT", "message", null, null);

        assertThat(MovedFindings.move(List.of(noPosition), statementOf(QUERY), statementOf("\n\n" + QUERY)))
                .contains(List.of(noPosition));
    }

    @Test
    void aFindingThatPointsOutsideItsStatementDoesNotMove() {
        ScriptStatement before = new ScriptStatement(QUERY, 30, 5, 1);
        ScriptStatement after = new ScriptStatement(QUERY, 31, 6, 1);
        // Line 2 is before the statement (say, the table's definition): where it is now is not known here.
        Diagnostic elsewhere = error(SqlPosition.at(2, 3));

        assertThat(MovedFindings.move(List.of(elsewhere), before, after)).isEmpty();
    }

    @Test
    void anotherTextIsRefused() {
        assertThatThrownBy(() -> MovedFindings.move(List.of(), statementOf(QUERY), statementOf("SELECT 1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ScriptStatement statementOf(String script) {
        List<ScriptStatement> statements = SqlScript.split(script);
        return statements.get(statements.size() - 1);
    }

    private static Diagnostic error(SqlPosition position) {
        return new Diagnostic(
                Diagnostic.Severity.ERROR, "SQL_VALIDATION", "Cannot compare DECIMAL with CHAR", position, "A hint.");
    }
}
