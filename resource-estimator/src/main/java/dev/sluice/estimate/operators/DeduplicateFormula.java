package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/**
 * Deduplication keeps one entry per key: a flag (the first row's time) when it keeps the first row, the whole row
 * when it keeps the last. Keeping the last row emits an update for every row; keeping the first emits once per key
 * per retention.
 */
final class DeduplicateFormula implements Formula {

    private static final double FIRST_ROW_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        KeyedRetention held = KeyedRetention.of(node, node.keys(), in.rate(), context);
        double valueBytes = node.keepLastRow() ? in.rowBytes() : FIRST_ROW_BYTES;
        double bytes = held.keys() * context.entryBytes(node.keyBytes() + valueBytes);
        double outputRate = node.keepLastRow() ? in.rate() : Math.min(in.rate(), held.keys() / held.retentionSeconds());
        return new Outcome(outputRate, Math.round(held.keys()), bytes, held.unbounded(), held.assumptions());
    }
}
