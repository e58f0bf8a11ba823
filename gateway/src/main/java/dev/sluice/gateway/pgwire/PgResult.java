package dev.sluice.gateway.pgwire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What the listener answers a statement with, when it answers it itself ({@link LocalAnswers}): the columns and rows
 * of a result (none for a command), and the command tag of its CommandComplete ({@code SELECT 3}, {@code SET},
 * {@code BEGIN}).
 *
 * <p>Row values are Java values of the column's type: {@link Boolean} for bool, a {@link Number} for the integer,
 * float, numeric and oid types, {@link String} (or anything, by its {@code toString}) for text types, {@code byte[]}
 * for bytea, {@link java.time.LocalDate}, {@link java.time.LocalTime}, {@link java.time.LocalDateTime} and
 * {@link java.time.Instant} for date, time, timestamp and timestamptz, a {@link List} for an array; {@code null} is
 * SQL NULL.
 */
public record PgResult(List<PgColumn> columns, List<List<Object>> rows, String commandTag) {

    public PgResult {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(rows, "rows is null");
        requireNonNull(commandTag, "commandTag is null");
        List<List<Object>> copied = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "A row has " + row.size() + " values for " + columns.size() + " columns");
            }
            // Not List.copyOf: a value may be null.
            copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copied);
    }

    /** A command's answer: no result, only its tag (e.g. {@code BEGIN}, {@code SET}). */
    public static PgResult command(String commandTag) {
        return new PgResult(List.of(), List.of(), commandTag);
    }

    /** A query's answer, tagged {@code SELECT n} as PostgreSQL tags it. */
    public static PgResult rows(List<PgColumn> columns, List<List<Object>> rows) {
        return new PgResult(columns, rows, "SELECT " + rows.size());
    }

    /** Whether the answer has a result (a RowDescription and DataRows), even one without rows. */
    public boolean hasResult() {
        return !columns.isEmpty();
    }
}
