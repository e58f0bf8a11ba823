package dev.sluice.gateway.pgwire.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A catalog query's answer, as PostgreSQL would describe and send it.
 *
 * @param rows one list per row, its values in column order: {@code String}, {@code Long}, {@code Integer},
 *     {@code Boolean} or {@code null}, to be sent in the text form of the column's type
 */
public record CatalogResult(List<ResultColumn> columns, List<List<Object>> rows) {

    public CatalogResult {
        columns = List.copyOf(columns);
        // Rows hold SQL NULLs, which List.copyOf refuses.
        rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
    }

    /** A result column: its name and PostgreSQL type, as a RowDescription gives them. */
    public record ResultColumn(String name, PgType type) {
        public ResultColumn {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }
}
