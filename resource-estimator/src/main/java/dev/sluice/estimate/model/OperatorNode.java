package dev.sluice.estimate.model;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One operator of a plan, as the model sees it: what kind it is, which operators feed it, and the few facts its
 * formulas need. Built from Flink's physical plan by {@code operators.PlanTranslator}, or by hand in tests.
 *
 * @param inputs ids of the operators feeding this one, left input first
 * @param rowBytes the size of an output row as its column types suggest (scaled by source row-size hints)
 * @param keys grouping, partition or left join keys
 * @param rightKeys right join keys
 * @param keyBytes the size of one key as its column types suggest
 * @param aggregates accumulators per key (aggregate calls that are not DISTINCT)
 * @param distinctArguments the argument of each COUNT(DISTINCT x) / SUM(DISTINCT x) ...
 * @param filter whether a CALC drops rows
 * @param stateTtl state time-to-live from {@code table.exec.state.ttl} or a STATE_TTL hint; null for none
 * @param rankLimit N of a top-N
 * @param keepLastRow a deduplication that keeps the last row (and emits updates) rather than the first
 * @param orderByRowtime a deduplication ordered by an event-time attribute (it keeps the row, not a flag); an OVER
 *     aggregation, MATCH_RECOGNIZE or temporal join in event time (rows wait for the watermark)
 * @param over the frame of an OVER aggregation
 * @param pattern the pattern of a MATCH_RECOGNIZE
 */
public record OperatorNode(
        int id,
        OperatorKind kind,
        String name,
        List<Integer> inputs,
        double rowBytes,
        List<KeyRef> keys,
        List<KeyRef> rightKeys,
        double keyBytes,
        @Nullable WindowShape window,
        int aggregates,
        List<KeyRef> distinctArguments,
        boolean filter,
        @Nullable Duration stateTtl,
        @Nullable IntervalBounds interval,
        long rankLimit,
        boolean keepLastRow,
        boolean orderByRowtime,
        @Nullable SourceInfo source,
        @Nullable OverFrame over,
        @Nullable MatchPattern pattern) {

    public OperatorNode {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        inputs = List.copyOf(inputs);
        keys = List.copyOf(keys);
        rightKeys = List.copyOf(rightKeys);
        distinctArguments = List.copyOf(distinctArguments);
        if (kind == OperatorKind.SOURCE && source == null) {
            throw new IllegalArgumentException("a source needs its SourceInfo");
        }
        if (WINDOWED.contains(kind) && window == null) {
            throw new IllegalArgumentException("a " + kind + " needs its window");
        }
        if (kind == OperatorKind.OVER_AGGREGATE && over == null) {
            throw new IllegalArgumentException("an OVER aggregation needs its frame");
        }
        if (kind == OperatorKind.MATCH && pattern == null) {
            throw new IllegalArgumentException("a MATCH_RECOGNIZE needs its pattern");
        }
        if (kind == OperatorKind.INTERVAL_JOIN && interval == null) {
            throw new IllegalArgumentException("an interval join needs its bounds");
        }
    }

    private static final Set<OperatorKind> WINDOWED = EnumSet.of(
            OperatorKind.WINDOW_AGGREGATE,
            OperatorKind.GROUP_WINDOW_AGGREGATE,
            OperatorKind.WINDOW_JOIN,
            OperatorKind.WINDOW_RANK,
            OperatorKind.WINDOW_DEDUPLICATE);

    /** This operator seen as another kind with another window, for a formula that reuses another kind's. */
    public OperatorNode as(OperatorKind otherKind, WindowShape otherWindow) {
        return new OperatorNode(
                id,
                otherKind,
                name,
                inputs,
                rowBytes,
                keys,
                rightKeys,
                keyBytes,
                otherWindow,
                aggregates,
                distinctArguments,
                filter,
                stateTtl,
                interval,
                rankLimit,
                keepLastRow,
                orderByRowtime,
                source,
                over,
                pattern);
    }

    public static Builder builder(int id, OperatorKind kind) {
        return new Builder(id, kind);
    }

    public static final class Builder {
        private final int id;
        private final OperatorKind kind;
        private String name;
        private final List<Integer> inputs = new ArrayList<>();
        private double rowBytes = 64;
        private List<KeyRef> keys = List.of();
        private List<KeyRef> rightKeys = List.of();
        private double keyBytes = 8;
        private WindowShape window;
        private int aggregates;
        private List<KeyRef> distinctArguments = List.of();
        private boolean filter;
        private Duration stateTtl;
        private IntervalBounds interval;
        private long rankLimit;
        private boolean keepLastRow;
        private boolean orderByRowtime;
        private SourceInfo source;
        private OverFrame over;
        private MatchPattern pattern;

        private Builder(int id, OperatorKind kind) {
            this.id = id;
            this.kind = kind;
            this.name = kind.name();
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder input(int inputId) {
            inputs.add(inputId);
            return this;
        }

        public Builder rowBytes(double value) {
            rowBytes = value;
            return this;
        }

        public Builder keys(List<KeyRef> value) {
            keys = value;
            return this;
        }

        public Builder rightKeys(List<KeyRef> value) {
            rightKeys = value;
            return this;
        }

        public Builder keyBytes(double value) {
            keyBytes = value;
            return this;
        }

        public Builder window(WindowShape value) {
            window = value;
            return this;
        }

        public Builder aggregates(int value) {
            aggregates = value;
            return this;
        }

        public Builder distinctArguments(List<KeyRef> value) {
            distinctArguments = value;
            return this;
        }

        public Builder filter(boolean value) {
            filter = value;
            return this;
        }

        public Builder stateTtl(Duration value) {
            stateTtl = value;
            return this;
        }
        /** Sets the TTL unless one (a per-operator hint) is set already. */
        public Builder defaultStateTtl(Duration value) {
            stateTtl = stateTtl == null ? value : stateTtl;
            return this;
        }

        public Builder interval(IntervalBounds value) {
            interval = value;
            return this;
        }

        public Builder rankLimit(long value) {
            rankLimit = value;
            return this;
        }

        public Builder keepLastRow(boolean value) {
            keepLastRow = value;
            return this;
        }

        public Builder orderByRowtime(boolean value) {
            orderByRowtime = value;
            return this;
        }

        public Builder source(SourceInfo value) {
            source = value;
            return this;
        }

        public Builder over(OverFrame value) {
            over = value;
            return this;
        }

        public Builder pattern(MatchPattern value) {
            pattern = value;
            return this;
        }

        public OperatorNode build() {
            return new OperatorNode(
                    id,
                    kind,
                    name,
                    inputs,
                    rowBytes,
                    keys,
                    rightKeys,
                    keyBytes,
                    window,
                    aggregates,
                    distinctArguments,
                    filter,
                    stateTtl,
                    interval,
                    rankLimit,
                    keepLastRow,
                    orderByRowtime,
                    source,
                    over,
                    pattern);
        }
    }
}
