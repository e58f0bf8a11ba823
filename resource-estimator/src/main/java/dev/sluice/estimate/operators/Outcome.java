package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;

import java.util.List;

/**
 * What one operator's formulas give: its output rate and its keyed state, with the assumptions they made.
 *
 * @param stateBytes live state, each entry with the backend's overhead (what heap or RocksDB memory must hold)
 * @param snapshotBytes the same state serialized, without in-memory overhead (what a checkpoint writes, before the
 *     profile's per-kind factor for framing and compression)
 * @param fireReadsPerSecond states (a key and slice's accumulator, a distinct-value map) that window fires look up
 *     per second, a cost not per input record
 * @param fireValuesPerSecond distinct values that window fires read and merge per second
 * @param outputRecords records per second the operator sends on: its output rate, or fewer for a local
 *     pre-aggregate, which sends one partial accumulator per key instead of every row
 * @param stateAccessesPerRecord state accesses (reads or writes) per processed record, each costing the profile's
 *     access time; 1 for most kinds
 * @param rewrittenBytes bytes of state entries overwritten or deleted within one checkpoint interval, serialized
 *     (what an incremental RocksDB checkpoint holds besides the live state until compaction drops it); 0 when the
 *     formula does not model it
 */
record Outcome(
        double outputRate,
        double outputRecords,
        long stateEntries,
        double stateBytes,
        double snapshotBytes,
        double fireReadsPerSecond,
        double fireValuesPerSecond,
        double stateAccessesPerRecord,
        double rewrittenBytes,
        boolean unboundedState,
        List<Assumption> assumptions) {

    Outcome {
        assumptions = List.copyOf(assumptions);
    }

    Outcome(double outputRate, StateSize state, boolean unboundedState, List<Assumption> assumptions) {
        this(
                outputRate,
                outputRate,
                Math.round(state.entries()),
                state.liveBytes(),
                state.snapshotBytes(),
                0,
                0,
                1,
                0,
                unboundedState,
                assumptions);
    }

    /** The same outcome with {@code accesses} state accesses per processed record instead of one. */
    Outcome withStateAccesses(double accesses) {
        return with(accesses, rewrittenBytes);
    }

    /** The same outcome with {@code bytes} of state rewritten within a checkpoint interval. */
    Outcome withRewrittenBytes(double bytes) {
        return with(stateAccessesPerRecord, bytes);
    }

    private Outcome with(double accesses, double rewritten) {
        return new Outcome(
                outputRate,
                outputRecords,
                stateEntries,
                stateBytes,
                snapshotBytes,
                fireReadsPerSecond,
                fireValuesPerSecond,
                accesses,
                rewritten,
                unboundedState,
                assumptions);
    }

    static Outcome stateless(double outputRate, List<Assumption> assumptions) {
        return stateless(outputRate, outputRate, assumptions);
    }

    /**
     * An operator without keyed state: the rows it stands for, and the records it sends (fewer for a local
     * pre-aggregate, and for whatever passes its partial accumulators on).
     */
    static Outcome stateless(double outputRate, double outputRecords, List<Assumption> assumptions) {
        return new Outcome(outputRate, outputRecords, 0, 0, 0, 0, 0, 0, 0, false, assumptions);
    }
}
