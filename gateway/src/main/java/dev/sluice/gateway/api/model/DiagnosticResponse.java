package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

/** One finding, positioned in the whole script (1-based lines and columns, the end inclusive). */
public record DiagnosticResponse(
        String severity,
        String code,
        String message,
        @Nullable Integer line,
        @Nullable Integer column,
        @Nullable Integer endLine,
        @Nullable Integer endColumn,
        @Nullable String hint) {}
