package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.IntervalBounds;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An interval join ({@code l.t BETWEEN r.t + lower AND r.t + upper}) buffers a left row until right rows up to
 * {@code l.t - lower} can no longer come, and a right row until left rows up to {@code r.t + upper} can no longer
 * come; the watermark trails by the out-of-orderness, and Flink cleans up every (upper - lower) / 2, so rows stay on
 * average that much longer. Each side holds rate × its retention rows. A row matches the other side's rows of its
 * key within the interval: rate of the other side × (upper - lower) / distinct join keys. Each key holding rows also
 * has a cleanup timer and a value state with its time, per side.
 */
final class IntervalJoinFormula implements Formula {

    /** The row's time, the key of the buffer's map. */
    private static final double TIME_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow left = inputs.get(0);
        Flow right = inputs.get(1);
        IntervalBounds bounds = node.interval();
        double width = (bounds.upperMillis() - bounds.lowerMillis()) / 1000.0;
        double late = Math.max(left.outOfOrdernessMillis(), right.outOfOrdernessMillis()) / 1000.0;
        double leftRetention = Math.max(0, -bounds.lowerMillis() / 1000.0) + width / 2 + late;
        double rightRetention = Math.max(0, bounds.upperMillis() / 1000.0) + width / 2 + late;
        double leftRows = left.rate() * leftRetention;
        double rightRows = right.rate() * rightRetention;
        ModelContext.Counted keys = context.distinct(node.keys());
        // TimeIntervalJoin: per side a map state per key (row time -> rows), and per key that has buffered rows one
        // cleanup timer and the value state remembering it.
        ModelContext.Counted rightKeyCount = node.rightKeys().isEmpty() ? keys : context.distinct(node.rightKeys());
        double leftKeys = Math.min(keys.value(), leftRows);
        double rightKeys = Math.min(rightKeyCount.value(), rightRows);
        StateSize state = new StateSize(context)
                .mapEntries(leftRows, leftKeys, node.keyBytes(), TIME_BYTES + left.rowBytes())
                .mapEntries(rightRows, rightKeys, node.keyBytes(), TIME_BYTES + right.rowBytes())
                .values(2 * (leftKeys + rightKeys), node.keyBytes() + TIME_BYTES);
        List<Assumption> used = new ArrayList<>(keys.assumptions());
        if (rightKeyCount != keys) {
            used.addAll(rightKeyCount.assumptions());
        }
        used.add(new Assumption(
                node.name() + " buffers",
                "left rows kept " + WindowAggregateFormula.fmt(leftRetention)
                        + " s, right rows " + WindowAggregateFormula.fmt(rightRetention)
                        + " s (bounds, cleanup interval,"
                        + " out-of-orderness)",
                Origin.PLAN));
        double outputRate = left.rate() * right.rate() * width / keys.value();
        return new Outcome(outputRate, state, false, used);
    }
}
