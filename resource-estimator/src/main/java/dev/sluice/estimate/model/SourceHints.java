package dev.sluice.estimate.model;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.Map;

/**
 * What the caller knows about one source table; every part is optional, and what is missing is taken from the
 * connector's options where possible, else defaulted and flagged.
 *
 * @param eventsPerSecond rows the table delivers per second
 * @param avgRowBytes the average size of a row, serialized
 * @param distinctKeys distinct values per column used as a grouping, partition, join or DISTINCT key
 * @param outOfOrderness how late events arrive behind the newest one (watermark delay)
 * @throws InvalidHintException naming the field, for a negative, NaN or absurd value
 */
public record SourceHints(
        @Nullable Double eventsPerSecond,
        @Nullable Double avgRowBytes,
        Map<String, Long> distinctKeys,
        @Nullable Duration outOfOrderness) {

    /** Beyond these the caller has made a mistake (a unit mix-up); no single Flink job comes near them. */
    public static final double MAX_EVENTS_PER_SECOND = 1e9;

    public static final double MAX_ROW_BYTES = 64L << 20;
    public static final long MAX_DISTINCT_KEYS = 1_000_000_000_000L;
    public static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofDays(30);

    public static final SourceHints NONE = new SourceHints(null, null, Map.of(), null);

    public SourceHints {
        if (distinctKeys == null) {
            distinctKeys = Map.of();
        }
        // Checked before copying: Map.copyOf refuses null values with a message that names no field.
        distinctKeys.forEach((column, count) -> {
            if (count == null || count < 1 || count > MAX_DISTINCT_KEYS) {
                throw new InvalidHintException(
                        "distinctKeys." + column,
                        "must be between 1 and " + MAX_DISTINCT_KEYS + ", was " + count + ".");
            }
        });
        distinctKeys = Map.copyOf(distinctKeys);
        check("eventsPerSecond", eventsPerSecond, MAX_EVENTS_PER_SECOND);
        check("avgRowBytes", avgRowBytes, MAX_ROW_BYTES);
        if (avgRowBytes != null && avgRowBytes < 1) {
            throw new InvalidHintException("avgRowBytes", "must be at least 1, was " + avgRowBytes + ".");
        }
        if (outOfOrderness != null
                && (outOfOrderness.isNegative() || outOfOrderness.compareTo(MAX_OUT_OF_ORDERNESS) > 0)) {
            throw new InvalidHintException(
                    "outOfOrderness", "must be between 0 and 30 days, was " + outOfOrderness + ".");
        }
    }

    private static void check(String field, @Nullable Double value, double max) {
        if (value != null && (value.isNaN() || value.isInfinite() || value < 0 || value > max)) {
            throw new InvalidHintException(field, "must be a number between 0 and " + max + ", was " + value + ".");
        }
    }
}
