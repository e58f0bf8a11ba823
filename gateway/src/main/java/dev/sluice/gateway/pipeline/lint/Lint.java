package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;

import java.util.List;

/**
 * One check of how a planned statement would run. A lint only warns: the statement is valid and Flink would run it,
 * but it would misbehave in production. What stops a statement is a planning failure (see {@link PlanningFailures}).
 */
public interface Lint {

    /** The stable code that callers, tests and {@code docs/lints.md} know this lint by. */
    String code();

    List<Diagnostic> check(PlannedStatement planned);

    default Diagnostic warning(SqlPosition position, String message, String hint) {
        return new Diagnostic(Diagnostic.Severity.WARNING, code(), message, position, hint);
    }
}
