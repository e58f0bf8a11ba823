package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.WindowShape;

import java.util.ArrayList;
import java.util.List;

/**
 * How many keys and windows an operator that keeps state per key and window (a window join, top-N or deduplication
 * on a window TVF) holds. Unlike a window aggregate it does not share slices: a window's state is its own, kept from
 * the window's first row until the watermark passes its end, which trails the events by the out-of-orderness. A row of
 * a HOP or CUMULATE window belongs to size / slide windows (at most); a key appears in a window only if it had a row
 * there: keys per window = min(distinct keys, rate × size). A SESSION window spans about one gap per key.
 *
 * @param keysPerWindow keys with state in one window
 * @param windowsLive windows per key not yet freed: (size + out-of-orderness) / slide, 1 for a session
 * @param windowsPerRow windows each row belongs to: size / slide, 1 for a session
 * @param heldSeconds how long a window's rows are kept: size + out-of-orderness (gap + out-of-orderness)
 * @param rowsPerKeyAndWindow rows of one key in one window
 * @param fireSeconds seconds between window ends: the slide (a session's gap)
 */
record WindowedKeys(
        double keysPerWindow,
        double windowsLive,
        double windowsPerRow,
        double heldSeconds,
        double rowsPerKeyAndWindow,
        double fireSeconds,
        List<Assumption> assumptions) {

    WindowedKeys {
        assumptions = List.copyOf(assumptions);
    }

    static WindowedKeys of(OperatorNode node, List<KeyRef> key, Flow in, ModelContext context) {
        WindowShape window = node.window();
        double size = window.size().toMillis() / 1000.0;
        double slide = window.slice().toMillis() / 1000.0;
        double late = in.outOfOrdernessMillis() / 1000.0;
        boolean session = window.type() == WindowShape.Type.SESSION;
        ModelContext.Counted distinct = context.distinct(key);
        double span = session ? size + late : size;
        double keysPerWindow = Math.max(1, Math.min(distinct.value(), in.rate() * span));
        double windowsLive = session ? 1 : (size + late) / slide;
        double windowsPerRow = session ? 1 : size / slide;
        List<Assumption> used = new ArrayList<>(distinct.assumptions());
        used.add(new Assumption(
                node.name() + " window",
                window + ", " + WindowAggregateFormula.fmt(windowsLive) + " windows live per key, "
                        + WindowAggregateFormula.fmt(keysPerWindow) + " keys per window",
                Origin.PLAN));
        return new WindowedKeys(
                keysPerWindow, windowsLive, windowsPerRow, size + late, in.rate() * span / keysPerWindow, slide, used);
    }

    /** Windows holding state at once, over all keys. */
    double windows() {
        return keysPerWindow * windowsLive;
    }
}
