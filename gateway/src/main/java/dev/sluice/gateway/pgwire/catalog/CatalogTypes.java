package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.PgType;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The types of the catalog: those pg_type answers about (every type a column or a catalog answer can have, so a
 * client that looks up an OID it does not know, as pgjdbc does for jsonb, finds it), and the types of catalog answers'
 * columns by their pg_type names, as the query templates name them.
 */
final class CatalogTypes {

    // Types only catalog answers have; their values are always NULL here, so they need no encoding of their own.
    static final PgType JSON = new PgType(114, "json", -1, -1, null);
    static final PgType PG_NODE_TREE = new PgType(194, "pg_node_tree", -1, -1, null);
    static final PgType REGCLASS = new PgType(2205, "regclass", 4, -1, null);

    /** The rows of pg_type: the listener's types and the catalog's own. */
    static final List<PgType> PG_TYPE = List.of(
            PgType.BOOL,
            PgType.BYTEA,
            PgType.CHAR,
            PgType.NAME,
            PgType.INT8,
            PgType.INT2,
            PgType.INT4,
            PgType.TEXT,
            PgType.OID,
            JSON,
            PG_NODE_TREE,
            PgType.FLOAT4,
            PgType.FLOAT8,
            PgType.BPCHAR,
            PgType.VARCHAR,
            PgType.DATE,
            PgType.TIME,
            PgType.TIMESTAMP,
            PgType.TIMESTAMPTZ,
            PgType.INTERVAL,
            PgType.NUMERIC,
            REGCLASS,
            PgType.JSONB,
            PgType.BOOL_ARRAY,
            PgType.BYTEA_ARRAY,
            PgType.INT2_ARRAY,
            PgType.INT4_ARRAY,
            PgType.TEXT_ARRAY,
            PgType.BPCHAR_ARRAY,
            PgType.VARCHAR_ARRAY,
            PgType.INT8_ARRAY,
            PgType.FLOAT4_ARRAY,
            PgType.FLOAT8_ARRAY,
            PgType.TIMESTAMP_ARRAY,
            PgType.DATE_ARRAY,
            PgType.TIME_ARRAY,
            PgType.TIMESTAMPTZ_ARRAY,
            PgType.INTERVAL_ARRAY,
            PgType.NUMERIC_ARRAY,
            PgType.JSONB_ARRAY);

    static final Map<String, PgType> BY_NAME =
            PG_TYPE.stream().collect(Collectors.toUnmodifiableMap(PgType::name, Function.identity()));

    private CatalogTypes() {}
}
