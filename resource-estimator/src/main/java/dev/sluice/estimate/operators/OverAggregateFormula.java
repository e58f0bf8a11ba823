package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.OverFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * An OVER aggregation emits one row per input row. Per partition key it keeps the accumulator and a time (the last
 * triggering time in event time, the cleanup timer in processing time), and, in a map state by time, the rows it
 * still needs: in event time those waiting for the watermark (rate × out-of-orderness), and the rows a bounded frame
 * must retract later: the last n + 1 rows of a key for {@code ROWS n PRECEDING}, rate × the range for
 * {@code RANGE ... PRECEDING}; none for {@code UNBOUNDED PRECEDING}. Keys are held as any keyed state (TTL, else
 * the horizon).
 */
final class OverAggregateFormula implements Formula {

    /** A row's time, the map state's key; and the time value kept per key. */
    private static final double TIME_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        KeyedRetention held = KeyedRetention.of(node, node.keys(), in.rate(), context);
        OverFrame frame = node.over();
        double pending = node.orderByRowtime() ? in.rate() * in.outOfOrdernessMillis() / 1000.0 : 0;
        double frameRows = switch (frame.unit()) {
            case ROWS -> held.keys() * Math.min(frame.preceding() + 1, held.rowsPerKey());
            case RANGE -> in.rate() * Math.min(frame.preceding() / 1000.0, held.retentionSeconds());
            case UNBOUNDED -> 0;
        };
        StateSize state = new StateSize(context)
                .mapEntries(pending + frameRows, held.keys(), node.keyBytes(), TIME_BYTES + in.rowBytes())
                .values(
                        held.keys(),
                        node.keyBytes()
                                + Math.max(1, node.aggregates())
                                        * context.profile().accumulatorBytes())
                .values(held.keys(), node.keyBytes() + TIME_BYTES);
        List<Assumption> used = new ArrayList<>(held.assumptions());
        used.add(new Assumption(
                node.name() + " frame",
                frame + (node.orderByRowtime() ? ", event time" : ", processing time") + ": "
                        + WindowAggregateFormula.fmt(frameRows) + " rows of frames and "
                        + WindowAggregateFormula.fmt(pending) + " waiting for the watermark",
                Origin.PLAN));
        return new Outcome(in.rate(), state, held.unbounded(), used);
    }
}
