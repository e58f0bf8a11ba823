package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/**
 * Window deduplication keeps, per key and window, the one row it will emit (the first or the last by time) and a
 * timer; when the watermark passes the window's end it emits the row and frees the window.
 */
final class WindowDeduplicateFormula implements Formula {

    /** The window's end, the state's namespace, and a timer's time. */
    private static final double TIME_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        WindowedKeys windows = WindowedKeys.of(node, node.keys(), in, context);
        StateSize state = new StateSize(context)
                .values(windows.windows(), node.keyBytes() + TIME_BYTES + in.rowBytes())
                .values(windows.windows(), node.keyBytes() + TIME_BYTES + TIME_BYTES);
        double outputRate = windows.keysPerWindow() / windows.fireSeconds();
        return new Outcome(outputRate, state, false, windows.assumptions());
    }
}
