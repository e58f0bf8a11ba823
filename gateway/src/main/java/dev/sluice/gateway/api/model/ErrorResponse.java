package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

/** The one error body of both listeners: {@code {"error": {"code", "message", "line", "column", ...}}}. */
public record ErrorResponse(Body error) {

    public record Body(
            String code,
            String message,
            @Nullable Integer line,
            @Nullable Integer column,
            @Nullable Integer endLine,
            @Nullable Integer endColumn,
            @Nullable String field,
            @Nullable String hint) {}
}
