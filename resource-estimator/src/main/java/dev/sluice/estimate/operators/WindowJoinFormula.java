package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A window join buffers each side's rows in a list per join key and window until the watermark passes the window's
 * end, then joins them and frees the window: a side holds rate × windows per row × (size + out-of-orderness) rows at
 * its fullest, and one timer per key and window. In a window, a row meets the other side's rows of its key there:
 * per window (left rows × right rows) / distinct keys, one window ending per slide.
 */
final class WindowJoinFormula implements Formula {

    /** The window's end, the state's namespace, and a timer's time. */
    private static final double TIME_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow left = inputs.get(0);
        Flow right = inputs.get(1);
        WindowedKeys leftWindows = WindowedKeys.of(node, node.keys(), left, context);
        WindowedKeys rightWindows =
                WindowedKeys.of(node, node.rightKeys().isEmpty() ? node.keys() : node.rightKeys(), right, context);
        double leftRows = left.rate() * leftWindows.windowsPerRow() * leftWindows.heldSeconds();
        double rightRows = right.rate() * rightWindows.windowsPerRow() * rightWindows.heldSeconds();
        StateSize state = new StateSize(context)
                .mapEntries(leftRows, leftWindows.windows(), node.keyBytes() + TIME_BYTES, left.rowBytes())
                .mapEntries(rightRows, rightWindows.windows(), node.keyBytes() + TIME_BYTES, right.rowBytes())
                .values(
                        Math.max(leftWindows.windows(), rightWindows.windows()),
                        node.keyBytes() + TIME_BYTES + TIME_BYTES);
        ModelContext.Counted keys = context.distinct(node.keys());
        List<Assumption> used = new ArrayList<>(leftWindows.assumptions());
        used.addAll(rightWindows.assumptions());
        used.add(new Assumption(
                node.name() + " buffers",
                "each side's rows kept until their window ends plus out-of-orderness: "
                        + WindowAggregateFormula.fmt(leftRows) + " left, " + WindowAggregateFormula.fmt(rightRows)
                        + " right",
                Origin.PLAN));
        double windowSeconds = node.window().size().toMillis() / 1000.0;
        double outputRate =
                left.rate() * windowSeconds * right.rate() * windowSeconds / keys.value() / leftWindows.fireSeconds();
        return new Outcome(outputRate, state, false, used);
    }
}
