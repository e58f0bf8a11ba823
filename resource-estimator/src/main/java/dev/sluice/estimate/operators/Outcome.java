package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;

import java.util.List;

/** What one operator's formulas give: its output rate and its keyed state, with the assumptions they made. */
record Outcome(double outputRate, long stateEntries, double stateBytes, boolean unboundedState, List<Assumption> assumptions) {

    Outcome {
        assumptions = List.copyOf(assumptions);
    }

    static Outcome stateless(double outputRate, List<Assumption> assumptions) {
        return new Outcome(outputRate, 0, 0, false, assumptions);
    }
}
