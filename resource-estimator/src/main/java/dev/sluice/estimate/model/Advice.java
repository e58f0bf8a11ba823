package dev.sluice.estimate.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What to change so that a job can run as estimated, and the estimate under that change: where the heap backend
 * cannot hold the state, or a checkpoint takes longer than the interval between checkpoints.
 *
 * @param reasons why, one sentence each with the figures it rests on
 * @param backend the state backend to run with
 * @param incrementalCheckpoints whether checkpoints should upload only what changed (RocksDB)
 * @param checkpointIntervalMillis the checkpoint interval to run with; 0 for a statement that does not checkpoint
 * @param settings the Flink settings that apply the advice, as a session's {@code SET} takes them
 * @param totals the estimate's totals under the advice: memory as managed memory and disk, not heap, on RocksDB, and
 *     the duration of an incremental checkpoint
 * @param diskBytes local disk the state takes on RocksDB
 */
public record Advice(
        List<String> reasons,
        StateBackend backend,
        boolean incrementalCheckpoints,
        long checkpointIntervalMillis,
        Map<String, String> settings,
        Totals totals,
        long diskBytes) {

    public Advice {
        reasons = List.copyOf(reasons);
        requireNonNull(backend, "backend is null");
        // In the order given: the backend first, as a session would SET them.
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        requireNonNull(totals, "totals is null");
    }
}
