package dev.sluice.gateway.validate;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What validating a script found. It is valid when nothing it found is an error. When estimates were asked for, one
 * per statement that has a plan (queries and jobs), in script order. Not {@code linted} when its queries and jobs
 * were not planned: then it holds no lint's warning, nor an error only planning finds. {@code superseded} when the
 * script was not validated at all because a newer validation from the same editor came while it waited its turn.
 */
public record ValidationReport(
        List<Diagnostic> diagnostics, List<StatementEstimate> estimates, boolean linted, boolean superseded) {

    public ValidationReport {
        diagnostics = List.copyOf(diagnostics);
        estimates = List.copyOf(estimates);
    }

    public ValidationReport(List<Diagnostic> diagnostics, List<StatementEstimate> estimates, boolean linted) {
        this(diagnostics, estimates, linted, false);
    }

    /** The answer to a validation superseded before it started: nothing found, since nothing was looked at. */
    public static ValidationReport supersededReport() {
        return new ValidationReport(List.of(), List.of(), false, true);
    }

    public ValidationReport(List<Diagnostic> diagnostics, List<StatementEstimate> estimates) {
        this(diagnostics, estimates, true);
    }

    public ValidationReport(List<Diagnostic> diagnostics) {
        this(diagnostics, List.of());
    }

    /** Whether nothing found is an error; never for a superseded validation, which looked at nothing. */
    public boolean valid() {
        return !superseded
                && diagnostics.stream().noneMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ERROR);
    }

    /** The estimate of one statement of the script. */
    public record StatementEstimate(ScriptStatement statement, Estimate estimate) {
        public StatementEstimate {
            requireNonNull(statement, "statement is null");
            requireNonNull(estimate, "estimate is null");
        }
    }
}
