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
 * A window fire looks up, per key, each slice of the window (its accumulator and each distinct-value map) and merges
 * the distinct values in them: a cost per fire, not per record, which for HOP 1 h / 1 min dominates. A session
 * record costs six state accesses, a slicing window's one; behind a local pre-aggregate the window processes the
 * partial accumulators it sends, not the rows.
 * <p>
 * Within a checkpoint interval the window rewrites accumulators and timers of the keys it saw and deletes the slices
 * that expired; a session record moves its window in the merging set and its timer, deleting the old entries. An
 * incremental RocksDB checkpoint holds those old versions and deletion markers until a compaction drops them.
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
    /**
     * A distinct value's map entry as a checkpoint writes it: the value (a long or short string), the count's null
     * flag and the count (heap checkpoints of HOP 1 h / 1 min measured 17.0 bytes per distinct value).
     */
    private static final double DISTINCT_VALUE_BYTES = 8 + 1 + 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        WindowShape window = node.window();
        boolean session = window.type() == WindowShape.Type.SESSION;
        double rate = in.rate();
        double slice = seconds(window.slice().toMillis());
        double size = seconds(window.size().toMillis());
        double late = seconds(in.outOfOrdernessMillis());
        ModelContext.Counted keys = context.distinct(node.keys());
        List<Assumption> used = new ArrayList<>(keys.assumptions());
        double aggregateBytes =
                Math.max(1, node.aggregates()) * context.profile().accumulatorBytes();
        StateSize state = new StateSize(context);
        // Entries overwritten or deleted within one checkpoint interval (none counted if the job does not checkpoint).
        double interval = context.checkpoints() ? context.checkpointSeconds() : 0;
        double rewritten;

        double keysPerSlice;
        double liveSlices;
        double outputRate;
        double namespaceBytes;
        double slicesPerWindow;
        double windowsFiredPerSecond;
        if (session) {
            keysPerSlice = Math.min(keys.value(), rate * (size + late));
            liveSlices = 1;
            slicesPerWindow = 1;
            namespaceBytes = WINDOW_BYTES;
            // A session ends after a gap without events; with events spread over the keys each lasts about one gap.
            outputRate = Math.min(rate, keysPerSlice / size);
            windowsFiredPerSecond = outputRate;
            state.mapEntries(keysPerSlice, keysPerSlice, node.keyBytes(), 2 * WINDOW_BYTES)
                    .values(keysPerSlice, node.keyBytes() + WINDOW_BYTES + aggregateBytes)
                    .values(keysPerSlice, node.keyBytes() + WINDOW_BYTES + NAMESPACE_BYTES);
            // Every record replaces its window's merging-set entry and timer; the accumulator of each key seen is
            // rewritten.
            rewritten = rate * interval * (2 * node.keyBytes() + 3 * WINDOW_BYTES + NAMESPACE_BYTES)
                    + Math.min(keysPerSlice, rate * interval) * (node.keyBytes() + WINDOW_BYTES + aggregateBytes);
            used.add(new Assumption(
                    node.name() + " sessions",
                    "events are spread evenly over the keys; a session lasts" + " about one gap",
                    Origin.PLAN));
        } else {
            keysPerSlice = Math.min(keys.value(), rate * slice);
            liveSlices = (size + late) / slice;
            slicesPerWindow = size / slice;
            namespaceBytes = NAMESPACE_BYTES;
            // Each window end emits one row per key seen in the window.
            outputRate = Math.min(keys.value(), rate * size) / slice;
            windowsFiredPerSecond = keysPerSlice / slice;
            state.values(keysPerSlice * liveSlices, node.keyBytes() + NAMESPACE_BYTES + aggregateBytes)
                    .values(keysPerSlice * (slice + late) / slice, node.keyBytes() + NAMESPACE_BYTES + NAMESPACE_BYTES);
            // The accumulator and timer of each key and slice written to in the interval, and the slices that expired.
            double written = Math.min(in.records() * interval, keysPerSlice * (1 + interval / slice));
            double expired = keysPerSlice * interval / slice;
            rewritten = (written + expired) * (2 * node.keyBytes() + 3 * NAMESPACE_BYTES + aggregateBytes);
        }
        double accumulators = keysPerSlice * liveSlices;
        double rowsPerKeyAndSlice =
                session ? rate * (size + late) / Math.max(1, keysPerSlice) : rate * slice / Math.max(1, keysPerSlice);
        double valuesPerKeyAndSlice = 0;
        // A partial accumulator carries the distinct values of the rows it stands for, each merged into the map state.
        double rowsPerRecord = in.records() > 0 ? rate / in.records() : 1;
        double valuesPerRecord = 0;
        for (KeyRef argument : node.distinctArguments()) {
            ModelContext.Counted values = context.distinct(List.of(argument));
            used.addAll(values.assumptions());
            double perKeyAndSlice = Math.min(values.value(), rowsPerKeyAndSlice);
            valuesPerKeyAndSlice += perKeyAndSlice;
            valuesPerRecord += rowsPerRecord > 1 ? Math.min(values.value(), rowsPerRecord) : 0;
            state.mapEntries(
                    accumulators * perKeyAndSlice,
                    accumulators,
                    node.keyBytes() + namespaceBytes,
                    DISTINCT_VALUE_BYTES);
            if (!session) {
                // An expired slice's distinct values are deleted one by one.
                rewritten += keysPerSlice
                        * interval
                        / slice
                        * perKeyAndSlice
                        * (node.keyBytes() + namespaceBytes + DISTINCT_VALUE_BYTES);
            }
        }
        double fireReads = windowsFiredPerSecond
                * slicesPerWindow
                * (1 + node.distinctArguments().size());
        double fireValues = windowsFiredPerSecond * slicesPerWindow * valuesPerKeyAndSlice;
        used.add(new Assumption(
                node.name() + " window",
                window + ", " + fmt(liveSlices) + " slices live per key, "
                        + fmt(keysPerSlice) + " keys per slice; fires look up " + fmt(fireReads) + " states and merge "
                        + fmt(fireValues) + " distinct values per second",
                Origin.PLAN));
        if (in.records() < rate) {
            used.add(new Assumption(
                    node.name() + " input",
                    "partial accumulators from its local half: " + fmt(in.records()) + " records/s",
                    Origin.PLAN));
        }
        if (context.checkpoints()) {
            used.add(context.checkpointAssumption());
        }
        // A session record reads and rewrites the merging-window set, reads and writes the accumulator and moves the
        // window's timer (measured: four accesses left a session on RocksDB at 0.6 of its CPU); a slicing window
        // record or partial accumulator touches its slice's accumulator once, and a partial its distinct values.
        double accesses = session ? SESSION_ACCESSES_PER_RECORD : 1 + valuesPerRecord;
        return new Outcome(
                outputRate,
                outputRate,
                Math.round(state.entries()),
                state.liveBytes(),
                state.snapshotBytes(),
                fireReads,
                fireValues,
                accesses,
                rewritten,
                false,
                used);
    }

    static double seconds(long millis) {
        return millis / 1000.0;
    }

    static String fmt(double value) {
        return value == Math.rint(value)
                ? String.valueOf((long) value)
                : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
