package dev.sluice.gateway.api.model;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/statements:describeTest}: the input columns of each table the statement under test reads, by
 * its name, and the result's columns; empty when the script does not validate. 200 either way.
 */
public record TestDescriptionResponse(
        boolean valid, Map<String, List<Column>> inputs, List<Column> columns, List<DiagnosticResponse> diagnostics) {}
