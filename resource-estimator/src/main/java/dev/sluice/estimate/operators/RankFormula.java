package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/**
 * Top-N keeps, per partition key, the N best rows seen (fewer if the key has not had N rows yet). A row changes the
 * result only if it enters its partition's top N: about N of the rows a key has in the retention do. The rows sit in
 * a map state per partition (sort key to rows), so a snapshot writes the partition key once per partition.
 */
final class RankFormula implements Formula {

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        KeyedRetention held = KeyedRetention.of(node, node.keys(), in.rate(), context);
        double rowsPerPartition = Math.min(node.rankLimit(), held.rowsPerKey());
        // AppendOnlyTopNFunction: a map state per partition key, sort key -> the rows with that sort key.
        StateSize state = new StateSize(context)
                .mapEntries(held.keys() * rowsPerPartition, held.keys(), node.keyBytes(), in.rowBytes());
        double outputRate = in.rate() * Math.min(1, node.rankLimit() / Math.max(1, held.rowsPerKey()));
        return new Outcome(outputRate, state, held.unbounded(), held.assumptions());
    }
}
