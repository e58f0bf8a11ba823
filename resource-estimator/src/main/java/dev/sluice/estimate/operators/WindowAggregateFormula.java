package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.WindowShape;

import java.util.ArrayList;
import java.util.List;

/**
 * Window TVF aggregation. Slicing windows (TUMBLE, HOP, CUMULATE) keep one accumulator per key and slice, namespaced
 * by the slice's end, and free a slice once the watermark passes the last window that needs it; the watermark trails
 * the events by the out-of-orderness. So per key they hold {@code (size + outOfOrderness) / slice} slices, and one
 * event-time timer per key and window end not yet fired, {@code (slice + outOfOrderness) / slice}. A SESSION
 * (unslicing) keeps per key that had an event within the gap plus out-of-orderness: its merging-window set (a map
 * state window to state window), the accumulator namespaced by the window (start and end) and the window's timer.
 * A key appears in a slice only if it had an event there: keys per slice = min(distinct keys, rate × slice).
 * Each COUNT(DISTINCT x) also keeps, per key and slice, a map state of the x seen there (value to count).
 * <p>
 * A window fire reads and merges, per key, the slices of the window and their distinct values: per second,
 * keys × slices per window × (1 + distinct values per key and slice) / slice. This is a cost per fire, not per
 * record: for HOP 1 h / 1 min it dominates. A session costs six state accesses per record, a slicing window one.
 */
final class WindowAggregateFormula implements Formula {

    /** The slice's end (the state namespace) stored with every slicing window's entry, and a timer's time. */
    private static final double NAMESPACE_BYTES = 8;
    /** A session's namespace: the window's start and end. */
    private static final double WINDOW_BYTES = 16;
    /**
     * Merging-set read and write, accumulator read and write, and the window's timer moved to the merged window's
     * end (a delete and a register: state accesses too where timers live in RocksDB, Flink's default there).
     */
    private static final double SESSION_ACCESSES_PER_RECORD = 6;
    /** A distinct value's map entry: the value (a long or short string) and its count. */
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
        double aggregateBytes = Math.max(1, node.aggregates()) * context.profile().accumulatorBytes();
        StateSize state = new StateSize(context);

        double keysPerSlice;
        double liveSlices;
        double outputRate;
        double namespaceBytes;
        double slicesPerWindow;
        if (window.type() == WindowShape.Type.SESSION) {
            keysPerSlice = Math.min(keys.value(), rate * (size + late));
            liveSlices = 1;
            slicesPerWindow = 1;
            namespaceBytes = WINDOW_BYTES;
            // A session ends after a gap without events; with events spread over the keys each lasts about one gap.
            outputRate = Math.min(rate, keysPerSlice / size);
            state.mapEntries(keysPerSlice, keysPerSlice, node.keyBytes(), 2 * WINDOW_BYTES)
                    .values(keysPerSlice, node.keyBytes() + WINDOW_BYTES + aggregateBytes)
                    .values(keysPerSlice, node.keyBytes() + WINDOW_BYTES + NAMESPACE_BYTES);
            used.add(new Assumption(node.name() + " sessions", "events are spread evenly over the keys; a session lasts"
                    + " about one gap", Origin.PLAN));
        } else {
            keysPerSlice = Math.min(keys.value(), rate * slice);
            liveSlices = (size + late) / slice;
            slicesPerWindow = size / slice;
            namespaceBytes = NAMESPACE_BYTES;
            // Each window end emits one row per key seen in the window.
            outputRate = Math.min(keys.value(), rate * size) / slice;
            state.values(keysPerSlice * liveSlices, node.keyBytes() + NAMESPACE_BYTES + aggregateBytes)
                    .values(keysPerSlice * (slice + late) / slice, node.keyBytes() + NAMESPACE_BYTES + NAMESPACE_BYTES);
        }
        double accumulators = keysPerSlice * liveSlices;
        double rowsPerKeyAndSlice = window.type() == WindowShape.Type.SESSION
                ? rate * (size + late) / Math.max(1, keysPerSlice)
                : rate * slice / Math.max(1, keysPerSlice);
        double valuesPerKeyAndSlice = 1;
        for (KeyRef argument : node.distinctArguments()) {
            ModelContext.Counted values = context.distinct(List.of(argument));
            used.addAll(values.assumptions());
            double perKeyAndSlice = Math.min(values.value(), rowsPerKeyAndSlice);
            valuesPerKeyAndSlice += perKeyAndSlice;
            state.mapEntries(accumulators * perKeyAndSlice, accumulators, node.keyBytes() + namespaceBytes, DISTINCT_VALUE_BYTES);
        }
        double fireValues = keysPerSlice * slicesPerWindow * valuesPerKeyAndSlice / slice;
        used.add(new Assumption(node.name() + " window", window + ", " + fmt(liveSlices) + " slices live per key, "
                + fmt(keysPerSlice) + " keys per slice, " + fmt(fireValues) + " state values merged by fires per second",
                Origin.PLAN));
        // A session record reads and rewrites the merging-window set, reads and writes the accumulator and moves the
        // window's timer (measured: four accesses left a session on RocksDB at 0.6 of its CPU); a slicing window
        // record touches its slice's accumulator once.
        double accesses = window.type() == WindowShape.Type.SESSION ? SESSION_ACCESSES_PER_RECORD : 1;
        return new Outcome(outputRate, Math.round(state.entries()), state.liveBytes(), state.snapshotBytes(), fireValues,
                accesses, false, used);
    }

    static double seconds(long millis) {
        return millis / 1000.0;
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
