package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.util.List;

/**
 * {@code POST /api/v1/statements:validate}: 200 whether the script is valid or not; not {@code linted} when asked
 * with {@code ?lints=false}, so that its queries and jobs were not planned, or when its lints were not ready in time.
 * {@code superseded} is true (and then not valid, with no diagnostics) when a newer validation of the same editor came
 * before this one started, and absent otherwise.
 */
public record ValidationResponse(
        boolean valid,
        List<DiagnosticResponse> diagnostics,
        boolean linted,
        @Nullable Boolean superseded) {}
