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
 * by the slice's end, not one per window (a HOP window is the merge of its slices at its fire) nor one per row (an
 * accumulator is the aggregates' values: a COUNT is one long), and free a slice once the watermark passes the last
 * window that needs it; the watermark trails the events by the out-of-orderness. A slice holds only the keys its
 * rows drew ({@link SliceKeys}): a closed slice {@code distinct(keys, rate × slice)}, the open one on average the keys
 * of the rows seen so far, about half of its rows' keys where keys rarely repeat. Per key space that is
 * {@code (size − slice + outOfOrderness) / slice} closed slices plus the open one, and a timer per key and window end
 * not fired. A SESSION (unslicing) keeps per key that had an event within the gap plus out-of-orderness: its
 * merging-window set (a map state window to state window), the accumulator namespaced by the window (start and end)
 * and the window's timer. Each COUNT(DISTINCT x) also keeps, per key and slice, a map state of the x seen there
 * (value to count): as many entries as distinct (key, x) pairs the slice's rows drew.
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
    /** An accumulator row without fields: its null-bit header. */
    private static final double EMPTY_ACCUMULATOR_BYTES = 8;
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
        // The accumulators as a row: without aggregate functions (GROUP BY keys and window only) an empty row, its
        // null-bit header alone.
        double aggregateBytes = node.aggregates() == 0
                ? EMPTY_ACCUMULATOR_BYTES
                : node.aggregates() * context.profile().accumulatorBytes();
        StateSize state = new StateSize(context);
        // Entries overwritten or deleted within one checkpoint interval (none counted if the job does not checkpoint).
        double interval = context.checkpoints() ? context.checkpointSeconds() : 0;
        double rewritten;

        double keysPerSlice;
        double accumulators;
        double outputRate;
        double namespaceBytes;
        double slicesPerWindow;
        double windowsFiredPerSecond;
        // Distinct (key, value) pairs of a COUNT(DISTINCT): each key's map holds the values its rows brought.
        PairCounter pairs;
        if (session) {
            keysPerSlice = SliceKeys.distinct(keys.value(), rate * (size + late));
            accumulators = keysPerSlice;
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
            double rows = rate * (size + late);
            pairs = (distinctValues) -> SliceKeys.distinct(keys.value() * distinctValues, rows);
            used.add(new Assumption(
                    node.name() + " sessions",
                    "events are spread evenly over the keys; a session lasts" + " about one gap",
                    Origin.PLAN));
        } else {
            double sliceRows = rate * slice;
            // A closed slice holds the keys its rows drew; the open one, on average, those of the rows seen so far.
            keysPerSlice = SliceKeys.distinct(keys.value(), sliceRows);
            double openKeys = SliceKeys.whileFilling(keys.value(), sliceRows);
            // Behind the open slice, the closed slices that a window not yet fired still needs: those of the window
            // before the open slice (a CUMULATE's, on average half its steps: all are freed when its largest window
            // fires), and those the watermark, trailing by the out-of-orderness, has not passed.
            double earlier = size / slice - 1;
            double closedSlices = (window.type() == WindowShape.Type.CUMULATE ? earlier / 2 : earlier) + late / slice;
            accumulators = keysPerSlice * closedSlices + openKeys;
            slicesPerWindow = size / slice;
            namespaceBytes = NAMESPACE_BYTES;
            // Each window end emits one row per key seen in the window.
            outputRate = SliceKeys.distinct(keys.value(), rate * size) / slice;
            windowsFiredPerSecond = outputRate;
            // A timer per key and window end not yet fired: TUMBLE's open slice and those within the out-of-orderness;
            // slices shared by windows (HOP, CUMULATE) chain each key's next window end while its windows hold rows.
            double timers = window.type() == WindowShape.Type.TUMBLE
                    ? openKeys + keysPerSlice * late / slice
                    : SliceKeys.distinct(keys.value(), rate * (closedSlices + 0.5) * slice);
            state.values(accumulators, node.keyBytes() + NAMESPACE_BYTES + aggregateBytes)
                    .values(timers, node.keyBytes() + NAMESPACE_BYTES + NAMESPACE_BYTES);
            // The accumulator and timer of each key and slice written to in the interval, and the slices that expired.
            double written = Math.min(in.records() * interval, keysPerSlice * (1 + interval / slice));
            double expired = keysPerSlice * interval / slice;
            rewritten = (written + expired) * (2 * node.keyBytes() + 3 * NAMESPACE_BYTES + aggregateBytes);
            pairs = (distinctValues) -> SliceKeys.distinct(keys.value() * distinctValues, sliceRows) * closedSlices
                    + SliceKeys.whileFilling(keys.value() * distinctValues, sliceRows);
        }
        double valuesPerSecondFired = 0;
        // A partial accumulator carries the distinct values of the rows it stands for, each merged into the map state.
        double rowsPerRecord = in.records() > 0 ? rate / in.records() : 1;
        double valuesPerRecord = 0;
        for (KeyRef argument : node.distinctArguments()) {
            ModelContext.Counted values = context.distinct(List.of(argument));
            used.addAll(values.assumptions());
            double held = pairs.live(values.value());
            // A fire reads every value of each of its window's slices: a slice's pairs, once per window using it.
            double perSlice = session ? held : SliceKeys.distinct(keys.value() * values.value(), rate * slice);
            valuesPerSecondFired += session ? perSlice / size : perSlice * slicesPerWindow / slice;
            valuesPerRecord += rowsPerRecord > 1 ? Math.min(values.value(), rowsPerRecord) : 0;
            state.mapEntries(held, accumulators, node.keyBytes() + namespaceBytes, DISTINCT_VALUE_BYTES);
            if (!session) {
                // An expired slice's distinct values are deleted one by one.
                rewritten += perSlice * interval / slice * (node.keyBytes() + namespaceBytes + DISTINCT_VALUE_BYTES);
            }
        }
        double liveSlices = accumulators / Math.max(1e-9, keysPerSlice);
        double fireReads = windowsFiredPerSecond
                * slicesPerWindow
                * (1 + node.distinctArguments().size());
        double fireValues = valuesPerSecondFired;
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

    /** The distinct (key, value) pairs the live slices hold for a value with this many distinct values. */
    @FunctionalInterface
    private interface PairCounter {
        double live(double distinctValues);
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
