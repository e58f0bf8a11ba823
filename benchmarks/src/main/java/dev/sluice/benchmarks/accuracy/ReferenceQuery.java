package dev.sluice.benchmarks.accuracy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One query of the accuracy benchmark: its tables (datagen sources with bounded key ranges, so distinct-key counts
 * are known, and blackhole sinks), its INSERT, the settings it needs, and how long its state takes to reach steady
 * state. {@code ${rate}} in the DDL is replaced by the input rate of a run.
 *
 * @param eventTimeSpeedUp how many event-time seconds pass per wall second in its sources (1 for real time)
 * @param sourceKeys distinct values of each source's key column, by table
 */
record ReferenceQuery(
        String name,
        List<String> ddl,
        String insert,
        Map<String, String> settings,
        Duration steadyState,
        int eventTimeSpeedUp,
        Map<String, Long> sourceKeys) {

    ReferenceQuery {
        requireNonNull(name, "name is null");
        ddl = List.copyOf(ddl);
        requireNonNull(insert, "insert is null");
        settings = Map.copyOf(settings);
        requireNonNull(steadyState, "steadyState is null");
        sourceKeys = Map.copyOf(sourceKeys);
    }

    List<String> ddlAt(long rowsPerSecond) {
        return ddl.stream().map(statement -> statement.replace("${rate}", Long.toString(rowsPerSecond))).toList();
    }

    /** The script as one text, e.g. for the estimator, which reads DDL and INSERT together. */
    String scriptAt(long rowsPerSecond) {
        return String.join(";\n", ddlAt(rowsPerSecond)) + ";\n" + insert + ";\n";
    }
}
