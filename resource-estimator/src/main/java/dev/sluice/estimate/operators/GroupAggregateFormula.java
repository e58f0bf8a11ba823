package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * GROUP BY without windows: one accumulator row per key (its aggregates plus a row count for retractions), and for
 * each COUNT(DISTINCT x) the set of x seen per key. Every input row updates its key and emits one changelog row.
 */
final class GroupAggregateFormula implements Formula {

    /** The record count kept with the accumulators so retractions know when a key is empty. */
    private static final double COUNT_BYTES = 8;

    private static final double DISTINCT_VALUE_BYTES = 8 + 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        double rate = inputs.get(0).rate();
        KeyedRetention held = KeyedRetention.of(node, node.keys(), rate, context);
        List<Assumption> used = new ArrayList<>(held.assumptions());
        StateSize state = new StateSize(context)
                .values(
                        held.keys(),
                        node.keyBytes()
                                + COUNT_BYTES
                                + node.aggregates() * context.profile().accumulatorBytes());
        for (KeyRef argument : node.distinctArguments()) {
            ModelContext.Counted values = context.distinct(List.of(argument));
            used.addAll(values.assumptions());
            // A distinct set is a map state per key (value -> count).
            state.mapEntries(
                    held.keys() * Math.min(values.value(), held.rowsPerKey()),
                    held.keys(),
                    node.keyBytes(),
                    DISTINCT_VALUE_BYTES);
        }
        return new Outcome(rate, state, held.unbounded(), used);
    }
}
