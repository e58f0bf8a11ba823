package dev.sluice.gateway.pgwire;

import javax.annotation.Nullable;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL data type as a client sees it in a RowDescription or ParameterDescription: its OID, its name in
 * {@code pg_type}, its length ({@code typlen}: -1 for variable length) and the modifier of a column of it
 * ({@code atttypmod}: -1 for none; e.g. precision and scale of a numeric). An array type names its element type.
 */
public record PgType(
        int oid,
        String name,
        int length,
        int modifier,
        @Nullable PgType element) {

    public static final PgType BOOL = scalar(16, "bool", 1);
    public static final PgType BYTEA = scalar(17, "bytea", -1);
    public static final PgType CHAR = scalar(18, "char", 1);
    public static final PgType NAME = scalar(19, "name", 64);
    public static final PgType INT8 = scalar(20, "int8", 8);
    public static final PgType INT2 = scalar(21, "int2", 2);
    public static final PgType INT4 = scalar(23, "int4", 4);
    public static final PgType TEXT = scalar(25, "text", -1);
    public static final PgType OID = scalar(26, "oid", 4);
    public static final PgType FLOAT4 = scalar(700, "float4", 4);
    public static final PgType FLOAT8 = scalar(701, "float8", 8);
    public static final PgType BPCHAR = scalar(1042, "bpchar", -1);
    public static final PgType VARCHAR = scalar(1043, "varchar", -1);
    public static final PgType DATE = scalar(1082, "date", 4);
    public static final PgType TIME = scalar(1083, "time", 8);
    public static final PgType TIMESTAMP = scalar(1114, "timestamp", 8);
    public static final PgType TIMESTAMPTZ = scalar(1184, "timestamptz", 8);
    public static final PgType INTERVAL = scalar(1186, "interval", 16);
    public static final PgType NUMERIC = scalar(1700, "numeric", -1);
    public static final PgType JSONB = scalar(3802, "jsonb", -1);

    public static final PgType BOOL_ARRAY = arrayOf(1000, BOOL);
    public static final PgType BYTEA_ARRAY = arrayOf(1001, BYTEA);
    public static final PgType INT2_ARRAY = arrayOf(1005, INT2);
    public static final PgType INT4_ARRAY = arrayOf(1007, INT4);
    public static final PgType TEXT_ARRAY = arrayOf(1009, TEXT);
    public static final PgType BPCHAR_ARRAY = arrayOf(1014, BPCHAR);
    public static final PgType VARCHAR_ARRAY = arrayOf(1015, VARCHAR);
    public static final PgType INT8_ARRAY = arrayOf(1016, INT8);
    public static final PgType FLOAT4_ARRAY = arrayOf(1021, FLOAT4);
    public static final PgType FLOAT8_ARRAY = arrayOf(1022, FLOAT8);
    public static final PgType TIMESTAMP_ARRAY = arrayOf(1115, TIMESTAMP);
    public static final PgType DATE_ARRAY = arrayOf(1182, DATE);
    public static final PgType TIME_ARRAY = arrayOf(1183, TIME);
    public static final PgType TIMESTAMPTZ_ARRAY = arrayOf(1185, TIMESTAMPTZ);
    public static final PgType INTERVAL_ARRAY = arrayOf(1187, INTERVAL);
    public static final PgType NUMERIC_ARRAY = arrayOf(1231, NUMERIC);
    public static final PgType JSONB_ARRAY = arrayOf(3807, JSONB);

    private static final Map<Integer, PgType> BY_OID = Stream.of(
                    BOOL,
                    BYTEA,
                    CHAR,
                    NAME,
                    INT8,
                    INT2,
                    INT4,
                    TEXT,
                    OID,
                    FLOAT4,
                    FLOAT8,
                    BPCHAR,
                    VARCHAR,
                    DATE,
                    TIME,
                    TIMESTAMP,
                    TIMESTAMPTZ,
                    INTERVAL,
                    NUMERIC,
                    JSONB,
                    BOOL_ARRAY,
                    BYTEA_ARRAY,
                    INT2_ARRAY,
                    INT4_ARRAY,
                    TEXT_ARRAY,
                    BPCHAR_ARRAY,
                    VARCHAR_ARRAY,
                    INT8_ARRAY,
                    FLOAT4_ARRAY,
                    FLOAT8_ARRAY,
                    TIMESTAMP_ARRAY,
                    DATE_ARRAY,
                    TIME_ARRAY,
                    TIMESTAMPTZ_ARRAY,
                    INTERVAL_ARRAY,
                    NUMERIC_ARRAY,
                    JSONB_ARRAY)
            .collect(Collectors.toUnmodifiableMap(PgType::oid, Function.identity()));

    public PgType {
        requireNonNull(name, "name is null");
        if (length == 0 || length < -2) {
            throw new IllegalArgumentException("Not a type length: " + length);
        }
    }

    private static PgType scalar(int oid, String name, int length) {
        return new PgType(oid, name, length, -1, null);
    }

    private static PgType arrayOf(int oid, PgType element) {
        return new PgType(oid, "_" + element.name(), -1, -1, element);
    }

    /** The type this listener knows by {@code oid} (as a client names it in Parse), without a modifier. */
    public static Optional<PgType> byOid(int oid) {
        return Optional.ofNullable(BY_OID.get(oid));
    }

    /** The array type of this element type, if this listener has one. */
    public Optional<PgType> array() {
        return BY_OID.values().stream()
                .filter(type -> type.element() != null && type.element().oid() == oid)
                .findFirst();
    }

    public boolean isArray() {
        return element != null;
    }

    /** This type with a column's modifier, e.g. {@code numeric(10,2)} or {@code varchar(20)}. */
    public PgType withModifier(int newModifier) {
        return new PgType(oid, name, length, newModifier, element);
    }
}
