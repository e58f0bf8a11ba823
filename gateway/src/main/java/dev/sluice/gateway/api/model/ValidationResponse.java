package dev.sluice.gateway.api.model;

import java.util.List;

/**
 * {@code POST /api/v1/statements:validate}: 200 whether the script is valid or not; not {@code linted} when asked
 * with {@code ?lints=false}, so that its queries and jobs were not planned.
 */
public record ValidationResponse(boolean valid, List<DiagnosticResponse> diagnostics, boolean linted) {}
