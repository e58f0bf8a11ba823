package dev.sluice.estimate.model;

/** The kinds of operator the model has formulas for; each has its own CPU cost constant in a cost profile. */
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
    SINK(false),
    /** An operator the model has no formula for: counted as a stateless pass-through, and flagged. */
    OTHER(false);

    private final boolean stateful;

    OperatorKind(boolean stateful) {
        this.stateful = stateful;
    }

    public boolean stateful() {
        return stateful;
    }
}
