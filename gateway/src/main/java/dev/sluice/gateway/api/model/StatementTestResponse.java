package dev.sluice.gateway.api.model;

import java.util.List;

/**
 * {@code POST /api/v1/statements:test}: 200 whether the test passed or not. Rows are objects of values by column name,
 * in the forms of query results; with {@code changelog}, {@code {"kind": "+U", "row": {...}}}.
 */
public record StatementTestResponse(
        boolean passed,
        List<Column> columns,
        List<Object> actual,
        List<Object> missing,
        List<Object> unexpected,
        List<DiagnosticResponse> diagnostics) {}
