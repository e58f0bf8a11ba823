package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;

import java.util.List;

/**
 * What one operator's formulas give: its output rate and its keyed state, with the assumptions they made.
 *
 * @param stateBytes live state, each entry with the backend's overhead (what heap or RocksDB memory must hold)
 * @param snapshotBytes the same state serialized, without in-memory overhead (what a checkpoint writes, before the
 *     profile's per-kind factor for framing and compression)
 * @param fireValuesPerSecond state values that window fires read and merge per second, a cost not per input record
 * @param stateAccessesPerRecord state accesses (reads or writes) per input record, each costing the profile's access
 *     time; 1 for most kinds
 */
record Outcome(double outputRate, long stateEntries, double stateBytes, double snapshotBytes, double fireValuesPerSecond,
        double stateAccessesPerRecord, boolean unboundedState, List<Assumption> assumptions) {

    Outcome {
        assumptions = List.copyOf(assumptions);
    }

    Outcome(double outputRate, StateSize state, boolean unboundedState, List<Assumption> assumptions) {
        this(outputRate, Math.round(state.entries()), state.liveBytes(), state.snapshotBytes(), 0, 1, unboundedState, assumptions);
    }

    static Outcome stateless(double outputRate, List<Assumption> assumptions) {
        return new Outcome(outputRate, 0, 0, 0, 0, 0, false, assumptions);
    }
}
