package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.OverFrame;
import dev.sluice.estimate.model.StateBackend;

import java.util.ArrayList;
import java.util.List;

/**
 * An OVER aggregation emits one row per input row. Per partition key it keeps the accumulator and a time (the last
 * triggering time in event time, the cleanup timer in processing time), and, in a map state by time, the rows it
 * still needs: in event time those waiting for the watermark (rate × out-of-orderness), and the rows a bounded frame
 * must retract later: the last n + 1 rows of a key for {@code ROWS n PRECEDING}, rate × the range for
 * {@code RANGE ... PRECEDING}; none for {@code UNBOUNDED PRECEDING}. Keys are held as any keyed state (TTL, else
 * the horizon).
 *
 * <p>State accesses per row, from Flink 2.2's over functions: a bounded frame ({@code ProcTimeRowsBoundedPreceding},
 * {@code RowTimeRowsBoundedPreceding}, {@code RowTimeRangeBoundedPreceding}, {@code ProcTimeRangeBoundedPreceding})
 * reads and writes the accumulator, the row's time list, the oldest time's list and one or two times or counters,
 * about {@link #BOUNDED_POINT_ACCESSES} in all, and iterates over all the key's buffered times once per row (ROWS: to
 * find the new oldest time when the oldest list empties; RANGE: every timer scans the map for rows to retract).
 * Unbounded, processing time reads and writes the accumulator; event time buffers the row and its timer's scan reads
 * the waiting times. On RocksDB every write is a new version: the rows written and deleted and every value update of
 * a checkpoint interval stay in the incremental checkpoint until a compaction.
 */
final class OverAggregateFormula implements Formula {

    /** A row's time, the map state's key; and the time value kept per key. */
    private static final double TIME_BYTES = 8;
    /** Point reads and writes per row of a bounded frame (see the class comment). */
    private static final double BOUNDED_POINT_ACCESSES = 10;
    /** Opening an iterator over one key's map state on the heap, in state accesses: a map's entry set. */
    private static final double HEAP_SCAN_ACCESSES = 1;
    /**
     * Opening an iterator over one key's map state on RocksDB, in state accesses: a seek that, we think, passes the
     * deletion markers the function's own removals leave until a compaction. Not known from the source: fitted, with
     * {@link #SCANNED_ENTRY_ACCESSES}, to over-rows and over-range on RocksDB at 3,000 rows/s and on the heap at
     * 10,000 rows/s (accuracy runs of the evening of 2026-12-07, AMD EPYC; both queries are in the reference set's
     * fitted half since, docs/benchmarks.md section 6).
     */
    private static final double ROCKSDB_SCAN_ACCESSES = 25;
    /** Each entry an iteration passes, in state accesses (fitted with the seek above). */
    private static final double SCANNED_ENTRY_ACCESSES = 0.1;

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
        double accumulatorBytes =
                Math.max(1, node.aggregates()) * context.profile().accumulatorBytes();
        StateSize state = new StateSize(context)
                .mapEntries(pending + frameRows, held.keys(), node.keyBytes(), TIME_BYTES + in.rowBytes())
                .values(held.keys(), node.keyBytes() + accumulatorBytes)
                .values(held.keys(), node.keyBytes() + TIME_BYTES);
        // Accesses per row: point reads and writes, and one iteration over the key's buffered times.
        double scan = context.backend() == StateBackend.ROCKSDB ? ROCKSDB_SCAN_ACCESSES : HEAP_SCAN_ACCESSES;
        double perKey = (pending + frameRows) / held.keys();
        double accesses;
        if (frame.unit() != OverFrame.Unit.UNBOUNDED) {
            accesses = BOUNDED_POINT_ACCESSES + scan + perKey * SCANNED_ENTRY_ACCESSES;
        } else if (node.orderByRowtime()) {
            // The row's time list read and written and its timer; at the timer, the list read and removed, the
            // accumulator read and written, and a scan of the waiting times.
            accesses = 6 + scan + perKey * SCANNED_ENTRY_ACCESSES;
        } else {
            accesses = 2;
        }
        // Per row on RocksDB: the row's entry written (and later deleted), the accumulator and a time rewritten.
        double interval = context.checkpoints() ? context.checkpointSeconds() : 0;
        double rewritten = frame.unit() == OverFrame.Unit.UNBOUNDED && !node.orderByRowtime()
                ? in.rate() * interval * (node.keyBytes() + accumulatorBytes)
                : in.rate() * interval * (3 * node.keyBytes() + 2 * TIME_BYTES + in.rowBytes() + accumulatorBytes);
        List<Assumption> used = new ArrayList<>(held.assumptions());
        used.add(new Assumption(
                node.name() + " frame",
                frame + (node.orderByRowtime() ? ", event time" : ", processing time") + ": "
                        + WindowAggregateFormula.fmt(frameRows) + " rows of frames and "
                        + WindowAggregateFormula.fmt(pending) + " waiting for the watermark; "
                        + WindowAggregateFormula.fmt(accesses) + " state accesses per row",
                Origin.PLAN));
        return new Outcome(in.rate(), state, held.unbounded(), used)
                .withStateAccesses(accesses)
                .withRewrittenBytes(rewritten);
    }
}
