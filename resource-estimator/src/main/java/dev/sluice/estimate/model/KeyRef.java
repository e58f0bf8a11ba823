package dev.sluice.estimate.model;

import javax.annotation.Nullable;

import static java.util.Objects.requireNonNull;

/**
 * A grouping, partition or join key column, traced back to the source column it comes from so that the caller's
 * {@code distinctKeys} hint for that column applies.
 *
 * @param table the source table's name, or null when the column is computed and traces to no single source column
 * @param column the source column's name (or the computed column's name)
 */
public record KeyRef(@Nullable String table, String column) {

    public KeyRef {
        requireNonNull(column, "column is null");
    }

    @Override
    public String toString() {
        return table == null ? column : table + "." + column;
    }
}
