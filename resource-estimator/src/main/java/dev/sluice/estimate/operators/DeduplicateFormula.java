package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/**
 * Deduplication keeps one value per key. Keeping the first row by processing time needs only a flag
 * (ProcTimeDeduplicateKeepFirstRowFunction's {@code ValueState<Boolean>}); ordering by event time, or keeping the
 * last row, keeps the whole row to compare with or retract. Keeping the last row emits an update for every row;
 * keeping the first emits once per key per retention.
 */
final class DeduplicateFormula implements Formula {

    private static final double FLAG_BYTES = 1;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        KeyedRetention held = KeyedRetention.of(node, node.keys(), in.rate(), context);
        boolean flagOnly = !node.keepLastRow() && !node.orderByRowtime();
        StateSize state =
                new StateSize(context).values(held.keys(), node.keyBytes() + (flagOnly ? FLAG_BYTES : in.rowBytes()));
        double outputRate = node.keepLastRow() ? in.rate() : Math.min(in.rate(), held.keys() / held.retentionSeconds());
        return new Outcome(outputRate, state, held.unbounded(), held.assumptions());
    }
}
