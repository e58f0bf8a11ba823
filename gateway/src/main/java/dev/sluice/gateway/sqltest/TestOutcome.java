package dev.sluice.gateway.sqltest;

import dev.sluice.gateway.pipeline.statement.Diagnostic;

import java.util.List;

/**
 * How a statement test ended. It passed when the statement ran to the end of its input and produced exactly the
 * expected rows; it failed when the rows differ (missing, unexpected), or when the statement could not run
 * (diagnostics with errors: validation, policy, a failure of the job, the time limit). Warnings do not fail it.
 *
 * @param columns the result's columns, name and Flink type, in order (empty when the statement did not run)
 * @param actual what the statement produced: the changelog with {@code changelog}, else the result it leaves
 */
public record TestOutcome(
        boolean passed,
        List<Column> columns,
        List<TestRow> actual,
        List<TestRow> missing,
        List<TestRow> unexpected,
        List<Diagnostic> diagnostics) {

    /** A result column: its name and Flink type. */
    public record Column(String name, String type) {}

    public TestOutcome {
        columns = List.copyOf(columns);
        actual = List.copyOf(actual);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The statement did not run: nothing to compare. */
    static TestOutcome notRun(List<Diagnostic> diagnostics) {
        return new TestOutcome(false, List.of(), List.of(), List.of(), List.of(), diagnostics);
    }
}
