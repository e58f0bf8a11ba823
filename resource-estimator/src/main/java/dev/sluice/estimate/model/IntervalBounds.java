package dev.sluice.estimate.model;

/**
 * The time bounds of an interval join, as Flink states them: a left row joins right rows whose time lies in
 * [left.time - upper, left.time - lower], i.e. {@code left.t BETWEEN right.t + lower AND right.t + upper}.
 */
public record IntervalBounds(long lowerMillis, long upperMillis) {

    public IntervalBounds {
        if (lowerMillis > upperMillis) {
            throw new IllegalArgumentException("lower bound " + lowerMillis + " is above upper bound " + upperMillis);
        }
    }
}
