package dev.sluice.gateway.validate;

import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A statement's findings moved to where the same statement now starts in its script: a line typed above it moves it
 * down, and its findings are still its own. Only findings inside the statement move with it; one that points
 * elsewhere (or cannot be placed) makes the finding unusable at the new place, and the statement is validated again.
 */
final class MovedFindings {

    private MovedFindings() {}

    /**
     * {@code diagnostics}, found for {@code from}, with their positions where the same text starts at {@code to}; empty
     * when a position lies outside {@code from}'s text.
     */
    static Optional<List<Diagnostic>> move(List<Diagnostic> diagnostics, ScriptStatement from, ScriptStatement to) {
        if (!from.sql().equals(to.sql())) {
            throw new IllegalArgumentException("Findings move only with the same statement text");
        }
        if (from.line() == to.line() && from.column() == to.column()) {
            return Optional.of(diagnostics);
        }
        SqlPosition span = from.span();
        List<Diagnostic> moved = new ArrayList<>(diagnostics.size());
        for (Diagnostic diagnostic : diagnostics) {
            SqlPosition at = diagnostic.position();
            if (at == null) {
                moved.add(diagnostic);
                continue;
            }
            if (!inside(at.line(), at.column(), span) || !inside(at.endLine(), at.endColumn(), span)) {
                return Optional.empty();
            }
            SqlPosition inStatement = new SqlPosition(
                    at.line() - from.line() + 1,
                    at.line() == from.line() ? at.column() - from.column() + 1 : at.column(),
                    at.endLine() - from.line() + 1,
                    at.endLine() == from.line() ? at.endColumn() - from.column() + 1 : at.endColumn());
            moved.add(new Diagnostic(
                    diagnostic.severity(),
                    diagnostic.code(),
                    diagnostic.message(),
                    to.toScript(inStatement),
                    diagnostic.hint()));
        }
        return Optional.of(List.copyOf(moved));
    }

    /** Whether line:column is within the span, its ends included (an error may point just past the last character). */
    private static boolean inside(int line, int column, SqlPosition span) {
        boolean afterStart = line > span.line() || (line == span.line() && column >= span.column());
        boolean beforeEnd = line < span.endLine() || (line == span.endLine() && column <= span.endColumn() + 1);
        return afterStart && beforeEnd;
    }
}
