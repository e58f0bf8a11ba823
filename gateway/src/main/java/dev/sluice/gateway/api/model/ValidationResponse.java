package dev.sluice.gateway.api.model;

import java.util.List;

/** {@code POST /api/v1/statements:validate}: 200 whether the script is valid or not. */
public record ValidationResponse(boolean valid, List<DiagnosticResponse> diagnostics) {}
