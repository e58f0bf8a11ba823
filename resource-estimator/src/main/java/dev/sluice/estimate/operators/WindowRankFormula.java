package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/**
 * Window top-N keeps, per partition key and window, the N best rows (fewer if the key had fewer there) in a map state
 * (sort key to rows), and a timer per key and window; when the watermark passes the window's end it emits them and
 * frees the window.
 */
final class WindowRankFormula implements Formula {

    /** The window's end, the state's namespace, and a timer's time. */
    private static final double TIME_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        WindowedKeys windows = WindowedKeys.of(node, node.keys(), in, context);
        double rowsPerKeyAndWindow = Math.min(node.rankLimit(), windows.rowsPerKeyAndWindow());
        StateSize state = new StateSize(context)
                .mapEntries(
                        windows.windows() * rowsPerKeyAndWindow,
                        windows.windows(),
                        node.keyBytes() + TIME_BYTES,
                        in.rowBytes())
                .values(windows.windows(), node.keyBytes() + TIME_BYTES + TIME_BYTES);
        double outputRate = windows.keysPerWindow() * rowsPerKeyAndWindow / windows.fireSeconds();
        return new Outcome(outputRate, state, false, windows.assumptions());
    }
}
