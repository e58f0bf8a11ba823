package dev.sluice.gateway.pgwire.catalog;

import java.util.Arrays;
import java.util.Optional;

/**
 * The PostgreSQL types Sluice's columns and catalog answers use, with the OIDs, names and sizes PostgreSQL itself
 * gives them (pg_type), so that clients that look types up by OID find what a PostgreSQL server would tell them.
 */
public enum PgType {
    BOOL(16, "bool", "boolean", 1, 1000),
    BYTEA(17, "bytea", "bytea", -1, 1001),
    CHAR(18, "char", "\"char\"", 1, 1002),
    NAME(19, "name", "name", 64, 1003),
    INT8(20, "int8", "bigint", 8, 1016),
    INT2(21, "int2", "smallint", 2, 1005),
    INT4(23, "int4", "integer", 4, 1007),
    TEXT(25, "text", "text", -1, 1009),
    OID(26, "oid", "oid", 4, 1028),
    JSON(114, "json", "json", -1, 199),
    PG_NODE_TREE(194, "pg_node_tree", "pg_node_tree", -1, 0),
    FLOAT4(700, "float4", "real", 4, 1021),
    FLOAT8(701, "float8", "double precision", 8, 1022),
    BPCHAR(1042, "bpchar", "character", -1, 1014),
    VARCHAR(1043, "varchar", "character varying", -1, 1015),
    DATE(1082, "date", "date", 4, 1182),
    TIME(1083, "time", "time without time zone", 8, 1183),
    TIMESTAMP(1114, "timestamp", "timestamp without time zone", 8, 1115),
    TIMESTAMPTZ(1184, "timestamptz", "timestamp with time zone", 8, 1185),
    INTERVAL(1186, "interval", "interval", 16, 1187),
    NUMERIC(1700, "numeric", "numeric", -1, 1231),
    REGCLASS(2205, "regclass", "regclass", 4, 2210),
    JSONB(3802, "jsonb", "jsonb", -1, 3807),
    BOOL_ARRAY(1000, BOOL),
    BYTEA_ARRAY(1001, BYTEA),
    INT2_ARRAY(1005, INT2),
    INT4_ARRAY(1007, INT4),
    TEXT_ARRAY(1009, TEXT),
    BPCHAR_ARRAY(1014, BPCHAR),
    VARCHAR_ARRAY(1015, VARCHAR),
    INT8_ARRAY(1016, INT8),
    FLOAT4_ARRAY(1021, FLOAT4),
    FLOAT8_ARRAY(1022, FLOAT8),
    TIMESTAMP_ARRAY(1115, TIMESTAMP),
    DATE_ARRAY(1182, DATE),
    TIME_ARRAY(1183, TIME),
    TIMESTAMPTZ_ARRAY(1185, TIMESTAMPTZ),
    INTERVAL_ARRAY(1187, INTERVAL),
    NUMERIC_ARRAY(1231, NUMERIC),
    JSONB_ARRAY(3807, JSONB);

    private final int oid;
    private final String typname;
    private final String sqlName;
    private final int length;
    private final int arrayOid;
    private final PgType element;

    PgType(int oid, String typname, String sqlName, int length, int arrayOid) {
        this.oid = oid;
        this.typname = typname;
        this.sqlName = sqlName;
        this.length = length;
        this.arrayOid = arrayOid;
        this.element = null;
    }

    /** An array type: PostgreSQL names it after its element, with a leading underscore. */
    PgType(int oid, PgType element) {
        this.oid = oid;
        this.typname = "_" + element.typname;
        this.sqlName = element.sqlName + "[]";
        this.length = -1;
        this.arrayOid = 0;
        this.element = element;
    }

    public int oid() {
        return oid;
    }

    /** The name in pg_type ({@code int8}, {@code _text}). */
    public String typname() {
        return typname;
    }

    /** The name {@code format_type} gives without a modifier ({@code bigint}, {@code text[]}). */
    public String sqlName() {
        return sqlName;
    }

    /** pg_type.typlen: bytes for a fixed-size type, -1 for a variable one. */
    public int length() {
        return length;
    }

    public Optional<PgType> element() {
        return Optional.ofNullable(element);
    }

    /** The array type whose elements are of this type, if PostgreSQL has one. */
    public Optional<PgType> arrayType() {
        return Arrays.stream(values()).filter(type -> type.element == this).findFirst();
    }

    public static Optional<PgType> byOid(long oid) {
        return Arrays.stream(values()).filter(type -> type.oid == oid).findFirst();
    }
}
