package dev.sluice.gateway.pipeline.validate;

import dev.sluice.gateway.pipeline.Diagnostic;

import java.util.List;

/** What validating a script found. It is valid when nothing it found is an error. */
public record ValidationReport(List<Diagnostic> diagnostics) {

    public ValidationReport {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean valid() {
        return diagnostics.stream().noneMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ERROR);
    }
}
