package dev.sluice.gateway.calibrate;

import dev.sluice.estimate.model.SourceHints;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A measured query: its tables (see {@link Datagen}), its INSERT, the settings it needs, how long its state takes
 * to reach steady state, and the distinct values of each source's key column.
 */
public record MicroQuery(
        String name,
        List<String> ddl,
        String insert,
        Map<String, String> settings,
        Duration steadyState,
        Map<String, Long> sourceKeys) {

    public MicroQuery {
        requireNonNull(name, "name is null");
        ddl = List.copyOf(ddl);
        requireNonNull(insert, "insert is null");
        settings = Map.copyOf(settings);
        requireNonNull(steadyState, "steadyState is null");
        sourceKeys = Map.copyOf(sourceKeys);
    }

    public List<String> ddlAt(long rowsPerSecond) {
        return ddl.stream()
                .map(statement -> statement.replace(Datagen.RATE, Long.toString(rowsPerSecond)))
                .toList();
    }

    /**
     * What the estimator is told about each source: its rate, its key column's distinct count, and that
     * {@code u} (drawn from every BIGINT) practically never repeats.
     */
    public Map<String, SourceHints> hints(double eventsPerSecond) {
        Map<String, SourceHints> hints = new LinkedHashMap<>();
        sourceKeys.forEach((table, keys) -> hints.put(
                table,
                new SourceHints(eventsPerSecond, null, Map.of("k", keys, "u", SourceHints.MAX_DISTINCT_KEYS), null)));
        return hints;
    }
}
