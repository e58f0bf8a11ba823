package dev.sluice.estimate.model;

import static java.util.Objects.requireNonNull;

/**
 * The frame of an OVER aggregation, as far as its state depends on it: how far back it reaches.
 *
 * @param preceding rows before the current one ({@link Unit#ROWS}) or milliseconds ({@link Unit#RANGE}); 0 for
 *     {@link Unit#UNBOUNDED}
 */
public record OverFrame(Unit unit, long preceding) {

    public enum Unit {
        /** {@code ROWS BETWEEN n PRECEDING AND CURRENT ROW}: the last n rows per key are kept. */
        ROWS,
        /** {@code RANGE BETWEEN INTERVAL ... PRECEDING AND CURRENT ROW}: the rows of that time span are kept. */
        RANGE,
        /** {@code UNBOUNDED PRECEDING}: only an accumulator per key is kept. */
        UNBOUNDED
    }

    public OverFrame {
        requireNonNull(unit, "unit is null");
        if (preceding < 0 || (unit == Unit.UNBOUNDED && preceding != 0)) {
            throw new IllegalArgumentException("preceding must be >= 0 (0 when unbounded), was " + preceding);
        }
    }

    @Override
    public String toString() {
        return switch (unit) {
            case ROWS -> preceding + " PRECEDING rows";
            case RANGE -> preceding + " ms PRECEDING";
            case UNBOUNDED -> "UNBOUNDED PRECEDING";
        };
    }
}
