package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.WindowShape;

import java.util.ArrayList;
import java.util.List;

/**
 * Window TVF aggregation. Flink keeps one accumulator per key and slice, and frees a slice once the watermark passes
 * the last window that needs it; the watermark trails the events by the out-of-orderness. So per key it holds
 * {@code (size + outOfOrderness) / slice} slices: 1 for TUMBLE, 60 for HOP 1 h / 1 min, steps for CUMULATE; a
 * SESSION holds one merged accumulator per key that had an event in the last gap plus out-of-orderness.
 * A key appears in a slice only if it had an event there: keys per slice = min(distinct keys, rate × slice).
 * Each COUNT(DISTINCT x) also keeps, per key and slice, the set of x seen there.
 */
final class WindowAggregateFormula implements Formula {

    /** The slice's end (the state namespace) stored with every entry. */
    private static final double NAMESPACE_BYTES = 8;
    /** A distinct value's entry: the value (a long or short string) and its count. */
    private static final double DISTINCT_VALUE_BYTES = 8 + 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        WindowShape window = node.window();
        double rate = in.rate();
        double slice = seconds(window.slice().toMillis());
        double size = seconds(window.size().toMillis());
        double late = seconds(in.outOfOrdernessMillis());
        ModelContext.Counted keys = context.distinct(node.keys());
        List<Assumption> used = new ArrayList<>(keys.assumptions());

        double keysPerSlice;
        double liveSlices;
        double outputRate;
        if (window.type() == WindowShape.Type.SESSION) {
            keysPerSlice = Math.min(keys.value(), rate * (size + late));
            liveSlices = 1;
            // A session ends after a gap without events; with events spread over the keys each lasts about one gap.
            outputRate = Math.min(rate, keysPerSlice / size);
            used.add(new Assumption(node.name() + " sessions", "events are spread evenly over the keys; a session lasts"
                    + " about one gap", Origin.PLAN));
        } else {
            keysPerSlice = Math.min(keys.value(), rate * slice);
            liveSlices = (size + late) / slice;
            // Each window end emits one row per key seen in the window.
            outputRate = Math.min(keys.value(), rate * size) / slice;
        }
        double accumulators = keysPerSlice * liveSlices;
        double accumulatorBytes = context.entryBytes(node.keyBytes() + NAMESPACE_BYTES
                + Math.max(1, node.aggregates()) * context.profile().accumulatorBytes());
        double entries = accumulators;
        double bytes = accumulators * accumulatorBytes;
        double rowsPerKeyAndSlice = window.type() == WindowShape.Type.SESSION
                ? rate * (size + late) / Math.max(1, keysPerSlice)
                : rate * slice / Math.max(1, keysPerSlice);
        for (KeyRef argument : node.distinctArguments()) {
            ModelContext.Counted values = context.distinct(List.of(argument));
            used.addAll(values.assumptions());
            double perKeyAndSlice = Math.min(values.value(), rowsPerKeyAndSlice);
            double setEntries = accumulators * perKeyAndSlice;
            entries += setEntries;
            bytes += setEntries * context.entryBytes(node.keyBytes() + NAMESPACE_BYTES + DISTINCT_VALUE_BYTES);
        }
        used.add(new Assumption(node.name() + " window", window + ", " + fmt(liveSlices) + " slices live per key, "
                + fmt(keysPerSlice) + " keys per slice", Origin.PLAN));
        return new Outcome(outputRate, Math.round(entries), bytes, false, used);
    }

    static double seconds(long millis) {
        return millis / 1000.0;
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
