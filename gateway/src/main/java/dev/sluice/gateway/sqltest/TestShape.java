package dev.sluice.gateway.sqltest;

import dev.sluice.gateway.pipeline.statement.Diagnostic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test case of a script gives and expects: the input columns of each table the statement under test reads, by
 * the table's name, and the result's columns. Empty when the script does not validate (its errors in diagnostics).
 */
public record TestShape(
        boolean valid,
        Map<String, List<TestOutcome.Column>> inputs,
        List<TestOutcome.Column> columns,
        List<Diagnostic> diagnostics) {

    public TestShape {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs)); // in the order the plan reads them
        columns = List.copyOf(columns);
        diagnostics = List.copyOf(diagnostics);
    }

    static TestShape invalid(List<Diagnostic> diagnostics) {
        return new TestShape(false, Map.of(), List.of(), diagnostics);
    }
}
