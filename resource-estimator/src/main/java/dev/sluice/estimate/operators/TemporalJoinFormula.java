package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A temporal join ({@code FOR SYSTEM_TIME AS OF}) keeps the right side per join key, held as any keyed state (TTL,
 * else the horizon). In processing time that is the latest row per key. In event time it is the version valid at
 * the watermark plus the versions that arrived within the out-of-orderness, and the left rows waiting for the
 * watermark, each in a map state by time, with the next timer per key. Each left row meets one version: the output
 * follows the left side.
 */
final class TemporalJoinFormula implements Formula {

    /** A row's time or index, the map state's key; and the timer kept per key. */
    private static final double TIME_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow left = inputs.get(0);
        Flow right = inputs.get(1);
        KeyedRetention versions = KeyedRetention.of(
                node, node.rightKeys().isEmpty() ? node.keys() : node.rightKeys(), right.rate(), context);
        List<Assumption> used = new ArrayList<>(versions.assumptions());
        StateSize state = new StateSize(context);
        if (node.orderByRowtime()) {
            double late = Math.max(left.outOfOrdernessMillis(), right.outOfOrdernessMillis()) / 1000.0;
            double waiting = left.rate() * late;
            double kept = versions.keys() + right.rate() * late;
            state.mapEntries(waiting, Math.min(versions.keys(), waiting), node.keyBytes(), TIME_BYTES + left.rowBytes())
                    .mapEntries(kept, versions.keys(), node.keyBytes(), TIME_BYTES + right.rowBytes())
                    .values(versions.keys(), node.keyBytes() + TIME_BYTES);
            used.add(new Assumption(
                    node.name() + " versions",
                    "event time: the valid version per key plus " + WindowAggregateFormula.fmt(right.rate() * late)
                            + " newer ones, and " + WindowAggregateFormula.fmt(waiting)
                            + " left rows waiting for the watermark",
                    Origin.PLAN));
        } else {
            state.values(versions.keys(), node.keyBytes() + right.rowBytes());
            used.add(new Assumption(
                    node.name() + " versions", "processing time: the latest right row per key", Origin.PLAN));
        }
        used.add(
                new Assumption(node.name() + " matches", "each left row meets one version of its key", Origin.DEFAULT));
        return new Outcome(left.rate(), state, versions.unbounded(), used);
    }
}
