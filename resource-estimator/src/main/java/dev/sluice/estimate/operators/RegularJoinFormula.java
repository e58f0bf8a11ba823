package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A regular join keeps every row of both sides (with a count of equal rows) until the state TTL lets it go, and
 * forever without one. A row matches the other side's rows held for its key: held rows / distinct join keys.
 */
final class RegularJoinFormula implements Formula {

    private static final double COUNT_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow left = inputs.get(0);
        Flow right = inputs.get(1);
        ModelContext.Retention retention = context.retention(node.stateTtl(), node.name());
        ModelContext.Counted keys = context.distinct(node.keys());
        List<Assumption> used = new ArrayList<>(keys.assumptions());
        used.add(retention.assumption());
        used.add(new Assumption(
                node.name() + " rows held", "inputs have no unique key: every row is kept", Origin.PLAN));
        double leftRows = left.rate() * retention.seconds();
        double rightRows = right.rate() * retention.seconds();
        // JoinRecordStateViews without a unique key: a map state per join key, row -> number of equal rows.
        StateSize state = new StateSize(context)
                .mapEntries(leftRows, Math.min(keys.value(), leftRows), node.keyBytes(), left.rowBytes() + COUNT_BYTES)
                .mapEntries(
                        rightRows, Math.min(keys.value(), rightRows), node.keyBytes(), right.rowBytes() + COUNT_BYTES);
        double outputRate = left.rate() * rightRows / keys.value() + right.rate() * leftRows / keys.value();
        return new Outcome(outputRate, state, !retention.byTtl(), used);
    }
}
