package dev.sluice.gateway.pgwire;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A table or view a client of the session can query, as catalog queries list it: the Flink database it is in (a
 * schema, to PostgreSQL clients), its name, its kind and its columns in order.
 */
public record PgTable(String schema, String name, Kind kind, List<Column> columns) {

    public enum Kind {
        TABLE,
        VIEW
    }

    /**
     * A column: its name, its PostgreSQL type (with modifier), whether it may be NULL, and its Flink type as Flink
     * prints it (e.g. {@code TIMESTAMP(3) *ROWTIME*}), for a comment or a description.
     */
    public record Column(String name, PgType type, boolean nullable, String flinkType) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(flinkType, "flinkType is null");
        }
    }

    public PgTable {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
}
