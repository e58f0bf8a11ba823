package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Window top-N buffers its input per key and window and, at every flush of the buffer, adds the buffered rows that
 * may rank to a map state (sort key to rows) per key and window, and a timer; when the watermark passes the window's
 * end it emits the best N and frees the window.
 *
 * <p>What a flush adds is not the flush's best N (Flink 2.2, {@code TopNRecordsCombiner.combine}): it fills a fresh
 * {@code TopNBuffer} with every record that {@code checkSortKeyInBufferRange} lets in, which is any record while the
 * buffer holds fewer than N and afterwards any record that sorts before the buffer's worst entry; nothing is evicted,
 * so the worst entry stays the worst of the first N, and all the buffer holds is appended to the state, which is
 * not pruned either. Of m rows in random order that is N + (m − N) · N / (N + 1) (a row beats the worst of N others
 * with chance N / (N + 1)). The buffer ({@code RecordsWindowBuffer}) flushes before every checkpoint and when the
 * watermark passes a buffered window's end, so a key's rows of one window are split into one part per flush.
 */
final class WindowRankFormula implements Formula {

    /** The window's end, the state's namespace, and a timer's time. */
    private static final double TIME_BYTES = 8;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        WindowedKeys windows = WindowedKeys.of(node, node.keys(), in, context);
        double size = node.window().size().toMillis() / 1000.0;
        double late = in.outOfOrdernessMillis() / 1000.0;
        // A flush at every checkpoint and at every window end the watermark passes (once a slide).
        double flushSeconds = 1 / (1 / context.checkpointSeconds() + 1 / windows.fireSeconds());
        double flushes = Math.max(1, size / flushSeconds);
        double kept = flushes * keptOfFlush(windows.rowsPerKeyAndWindow() / flushes, node.rankLimit());
        // A window's kept rows grow while it fills (its size) and stay until it fires (the out-of-orderness later):
        // over its life it holds on average this share of them.
        double share = (size / 2 + late) / (size + late);
        double rows = windows.windows() * kept * share;
        StateSize state = new StateSize(context)
                .mapEntries(rows, windows.windows(), node.keyBytes() + TIME_BYTES, in.rowBytes())
                .values(windows.windows(), node.keyBytes() + TIME_BYTES + TIME_BYTES);
        double rowsPerKeyAndWindow = Math.min(node.rankLimit(), windows.rowsPerKeyAndWindow());
        double outputRate = windows.keysPerWindow() * rowsPerKeyAndWindow / windows.fireSeconds();
        List<Assumption> used = new ArrayList<>(windows.assumptions());
        used.add(new Assumption(
                node.name() + " kept rows",
                WindowAggregateFormula.fmt(kept) + " of a key's "
                        + WindowAggregateFormula.fmt(windows.rowsPerKeyAndWindow())
                        + " rows per window kept until it fires: the buffer flushes about every "
                        + WindowAggregateFormula.fmt(flushSeconds) + " s and each flush adds its rows that may rank",
                Origin.PLAN));
        // A flush reads and writes back, per kept row, its sort key's list of rows.
        double accesses = windows.rowsPerKeyAndWindow() > 0 ? 2 * kept / windows.rowsPerKeyAndWindow() : 1;
        return new Outcome(outputRate, state, false, used).withStateAccesses(accesses);
    }

    /** Rows of {@code rows} in random order that one flush adds to the state for a top {@code limit}. */
    static double keptOfFlush(double rows, long limit) {
        return rows <= limit ? rows : limit + (rows - limit) * limit / (limit + 1.0);
    }
}
