package dev.sluice.estimate.model;

import javax.annotation.Nullable;

/**
 * The kinds of operator the model has formulas for. Each calibrated kind has its own CPU cost constants in a cost
 * profile; a kind that no calibration run measures yet borrows those of the calibrated kind whose work per record is
 * most like its own ({@link #calibratedAs}), so that profiles fitted before it existed still hold.
 */
public enum OperatorKind {
    SOURCE(false),
    /** Projection and filter. */
    CALC(false),
    /** A shuffle between operators (hash, broadcast, rebalance): serialization and network. */
    EXCHANGE(false),
    WATERMARK(false),
    /** The local half of a two-phase aggregation: buffers within a bundle, keeps no state. */
    LOCAL_AGGREGATE(false),
    /** TUMBLE, HOP, CUMULATE and SESSION window aggregation (window TVFs). */
    WINDOW_AGGREGATE(true),
    /** GROUP BY without windows, SELECT DISTINCT. */
    GROUP_AGGREGATE(true),
    /** A regular (non-windowed, non-temporal) join. */
    REGULAR_JOIN(true),
    /** A join bounded by time on both sides. */
    INTERVAL_JOIN(true),
    /** ROW_NUMBER() = 1, and the normalization of an upsert source's changelog. */
    DEDUPLICATE(true),
    /** Top-N: ROW_NUMBER() &lt;= N. */
    RANK(true),
    /**
     * Legacy group windows ({@code GROUP BY TUMBLE(...)}, {@code HOP(...)}, {@code SESSION(...)}): Flink's window
     * operator keeps an accumulator per key and window, not per slice; costs like a window aggregate.
     */
    GROUP_WINDOW_AGGREGATE(true, WINDOW_AGGREGATE),
    /** A join of two windowed streams on the same windows: buffers both sides' rows per key and window. */
    WINDOW_JOIN(true, INTERVAL_JOIN),
    /**
     * Window top-N: the best rows of every flush of its buffer, per key and window. Checkpoints like any state, not
     * like top-N's few rows per key (whose per-kind factor was fitted to three rows a key).
     */
    WINDOW_RANK(true, RANK, false),
    /** Window deduplication: the first or last row per key and window. */
    WINDOW_DEDUPLICATE(true, DEDUPLICATE),
    /** OVER aggregation (ROWS or RANGE, bounded or unbounded preceding): rows of the frame and an accumulator per key. */
    OVER_AGGREGATE(true, RANK, false),
    /** A temporal join against a versioned table (event time) or the latest row of a table (processing time). */
    TEMPORAL_JOIN(true, REGULAR_JOIN),
    /** A lookup join: one query to an external table per row, no keyed state in Flink. */
    LOOKUP_JOIN(false, REGULAR_JOIN),
    /** UNION ALL: records of all inputs pass on. */
    UNION(false, CALC),
    /** MATCH_RECOGNIZE: rows buffered per key while partial matches may use them, bounded by WITHIN. */
    MATCH(true, INTERVAL_JOIN),
    SINK(false),
    /** An operator the model has no formula for: counted as a stateless pass-through, and flagged. */
    OTHER(false);

    private final boolean stateful;

    @Nullable
    private final OperatorKind costsLike;

    private final boolean checkpointsLike;

    OperatorKind(boolean stateful) {
        this(stateful, null);
    }

    OperatorKind(boolean stateful, @Nullable OperatorKind costsLike) {
        this(stateful, costsLike, true);
    }

    /**
     * @param checkpointsLike whether the kind also borrows {@code costsLike}'s checkpoint factor; false where its
     *     state's shape differs (many rows per map instead of a few), so the backend's factor applies
     */
    OperatorKind(boolean stateful, @Nullable OperatorKind costsLike, boolean checkpointsLike) {
        this.stateful = stateful;
        this.costsLike = costsLike;
        this.checkpointsLike = checkpointsLike;
    }

    /** The kind whose cost constants this kind uses: itself if calibration measures it. */
    public OperatorKind calibratedAs() {
        return costsLike == null ? this : costsLike;
    }

    /** The kind whose checkpoint factor this kind uses: itself where it borrows no factor. */
    public OperatorKind checkpointedAs() {
        return checkpointsLike ? calibratedAs() : this;
    }

    public boolean stateful() {
        return stateful;
    }
}
