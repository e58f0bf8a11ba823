package dev.sluice.estimate.model;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What the plan itself says about a source table, used when the caller gives no hint: the connector's rate
 * (datagen's {@code rows-per-second}), distinct counts of columns with bounded ranges (datagen's
 * {@code fields.x.min/max}), the watermark's delay, and the row size its column types suggest.
 */
public record SourceInfo(
        String table,
        @Nullable Double connectorRate,
        Map<String, Long> boundedDistinct,
        @Nullable Duration watermarkDelay,
        double schemaRowBytes) {

    public SourceInfo {
        requireNonNull(table, "table is null");
        boundedDistinct = Map.copyOf(boundedDistinct);
    }
}
