package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/**
 * Top-N keeps, per partition key, the N best rows seen (fewer if the key has not had N rows yet). A row changes the
 * result only if it enters its partition's top N: about N of the rows a key has in the retention do.
 */
final class RankFormula implements Formula {

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        KeyedRetention held = KeyedRetention.of(node, node.keys(), in.rate(), context);
        double rowsPerPartition = Math.min(node.rankLimit(), held.rowsPerKey());
        double entries = held.keys() * rowsPerPartition;
        double bytes = entries * context.entryBytes(node.keyBytes() + in.rowBytes());
        double outputRate = in.rate() * Math.min(1, node.rankLimit() / Math.max(1, held.rowsPerKey()));
        return new Outcome(outputRate, Math.round(entries), bytes, held.unbounded(), held.assumptions());
    }
}
