package dev.sluice.gateway.validate;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What validating a script found. It is valid when nothing it found is an error. When estimates were asked for, one
 * per statement that has a plan (queries and jobs), in script order. Not {@code linted} when its queries and jobs
 * were not planned: then it holds no lint's warning, nor an error only planning finds.
 */
public record ValidationReport(List<Diagnostic> diagnostics, List<StatementEstimate> estimates, boolean linted) {

    public ValidationReport {
        diagnostics = List.copyOf(diagnostics);
        estimates = List.copyOf(estimates);
    }

    public ValidationReport(List<Diagnostic> diagnostics, List<StatementEstimate> estimates) {
        this(diagnostics, estimates, true);
    }

    public ValidationReport(List<Diagnostic> diagnostics) {
        this(diagnostics, List.of());
    }

    public boolean valid() {
        return diagnostics.stream().noneMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ERROR);
    }

    /** The estimate of one statement of the script. */
    public record StatementEstimate(ScriptStatement statement, Estimate estimate) {
        public StatementEstimate {
            requireNonNull(statement, "statement is null");
            requireNonNull(estimate, "estimate is null");
        }
    }
}
