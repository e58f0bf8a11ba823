package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.PgType;

import java.util.Map;

/**
 * What PostgreSQL's {@code format_type(oid, typmod)} prints for a column's type, e.g. {@code bigint},
 * {@code numeric(12,2)}, {@code character varying(40)}, {@code timestamp(3) without time zone}, {@code integer[]}:
 * the type as psql's {@code \d} and SQLAlchemy's inspector show and read it.
 */
final class FormatType {

    /** The SQL names of the types whose pg_type name differs; the others are called by that name. */
    private static final Map<String, String> SQL_NAMES = Map.ofEntries(
            Map.entry("bool", "boolean"),
            Map.entry("char", "\"char\""),
            Map.entry("int2", "smallint"),
            Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"),
            Map.entry("float4", "real"),
            Map.entry("float8", "double precision"),
            Map.entry("bpchar", "character"),
            Map.entry("varchar", "character varying"),
            Map.entry("time", "time without time zone"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timestamptz", "timestamp with time zone"));

    /** The length word of PostgreSQL's variable-length values, which character and numeric modifiers include. */
    private static final int VARHDRSZ = 4;

    private FormatType() {}

    static String of(PgType type) {
        if (type.element() != null) {
            return of(type.element().withModifier(type.modifier())) + "[]";
        }
        String name = SQL_NAMES.getOrDefault(type.name(), type.name());
        int modifier = type.modifier();
        if (modifier < 0) {
            return name;
        }
        return switch (type.name()) {
            case "numeric" -> "numeric(" + ((modifier - VARHDRSZ) >> 16) + "," + ((modifier - VARHDRSZ) & 0xffff) + ")";
            case "varchar", "bpchar" -> name + "(" + (modifier - VARHDRSZ) + ")";
            case "time", "timestamp" -> type.name() + "(" + modifier + ") without time zone";
            case "timestamptz" -> "timestamp(" + modifier + ") with time zone";
            default -> name;
        };
    }
}
