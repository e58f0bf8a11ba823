package dev.sluice.gateway.pgwire;

import static java.util.Objects.requireNonNull;

/** A column of a result as a RowDescription describes it: its name and its type. */
public record PgColumn(String name, PgType type) {

    public PgColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
