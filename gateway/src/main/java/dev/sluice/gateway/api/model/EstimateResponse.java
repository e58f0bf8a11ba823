package dev.sluice.gateway.api.model;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.Totals;

import javax.annotation.Nullable;

import java.util.List;

/**
 * {@code POST /api/v1/statements:estimate}: the validation's verdict and diagnostics, the script's totals (each
 * statement as its own job) and each query's or job's estimate, per operator with the assumptions used.
 */
public record EstimateResponse(
        boolean valid,
        List<DiagnosticResponse> diagnostics,
        @Nullable Totals totals,
        List<StatementEstimate> statements) {

    /** The estimate of the statement starting at line and column of the script. */
    public record StatementEstimate(int line, int column, Estimate estimate) {}
}
