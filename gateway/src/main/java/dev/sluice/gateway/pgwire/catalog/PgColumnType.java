package dev.sluice.gateway.pgwire.catalog;

import static java.util.Objects.requireNonNull;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.ZonedTimestampType;

/**
 * A column's PostgreSQL type with its modifier (pg_attribute.atttypmod): what a Flink type is called in the catalog
 * answers. Integers stay integers (TINYINT widens to smallint, PostgreSQL having no one-byte integer), DECIMAL is
 * numeric with its precision and scale, STRING is text, TIMESTAMP_LTZ is timestamptz, arrays of scalars are
 * PostgreSQL arrays, and maps, rows, multisets and arrays of those are jsonb.
 *
 * @param typmod as PostgreSQL stores it: -1 for none, length + 4 for character types, ((precision &lt;&lt; 16) |
 *     scale) + 4 for numeric, the fractional digits for time and timestamps
 */
public record PgColumnType(PgType type, int typmod) {

    private static final int VARHDRSZ = 4;

    public PgColumnType {
        requireNonNull(type, "type is null");
    }

    public static PgColumnType of(LogicalType logical) {
        return switch (logical.getTypeRoot()) {
            case BOOLEAN -> plain(PgType.BOOL);
            case TINYINT, SMALLINT -> plain(PgType.INT2);
            case INTEGER -> plain(PgType.INT4);
            case BIGINT -> plain(PgType.INT8);
            case FLOAT -> plain(PgType.FLOAT4);
            case DOUBLE -> plain(PgType.FLOAT8);
            case DECIMAL -> {
                DecimalType decimal = (DecimalType) logical;
                yield new PgColumnType(PgType.NUMERIC, ((decimal.getPrecision() << 16) | decimal.getScale()) + VARHDRSZ);
            }
            case CHAR -> new PgColumnType(PgType.BPCHAR, ((CharType) logical).getLength() + VARHDRSZ);
            case VARCHAR -> {
                int length = ((VarCharType) logical).getLength();
                yield length == VarCharType.MAX_LENGTH ? plain(PgType.TEXT) : new PgColumnType(PgType.VARCHAR, length + VARHDRSZ);
            }
            case BINARY, VARBINARY, RAW -> plain(PgType.BYTEA);
            case DATE -> plain(PgType.DATE);
            case TIME_WITHOUT_TIME_ZONE -> new PgColumnType(PgType.TIME, Math.min(((TimeType) logical).getPrecision(), 6));
            case TIMESTAMP_WITHOUT_TIME_ZONE ->
                    new PgColumnType(PgType.TIMESTAMP, Math.min(((TimestampType) logical).getPrecision(), 6));
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
                    new PgColumnType(PgType.TIMESTAMPTZ, Math.min(((LocalZonedTimestampType) logical).getPrecision(), 6));
            case TIMESTAMP_WITH_TIME_ZONE ->
                    new PgColumnType(PgType.TIMESTAMPTZ, Math.min(((ZonedTimestampType) logical).getPrecision(), 6));
            case INTERVAL_YEAR_MONTH, INTERVAL_DAY_TIME -> plain(PgType.INTERVAL);
            case ARRAY -> {
                PgColumnType element = of(((ArrayType) logical).getElementType());
                yield element.type().arrayType()
                        .map(array -> new PgColumnType(array, element.typmod()))
                        .orElse(plain(PgType.JSONB));
            }
            case MAP, MULTISET, ROW, STRUCTURED_TYPE, DISTINCT_TYPE -> plain(PgType.JSONB);
            default -> plain(PgType.TEXT);
        };
    }

    private static PgColumnType plain(PgType type) {
        return new PgColumnType(type, -1);
    }

    /** What PostgreSQL's {@code format_type(oid, typmod)} prints, e.g. {@code numeric(12,2)}, {@code timestamp(3) without time zone}. */
    public String formatType() {
        PgType base = type.element().orElse(type);
        String suffix = type.element().isPresent() ? "[]" : "";
        if (typmod < 0) {
            return base.sqlName() + suffix;
        }
        String name = switch (base) {
            case NUMERIC -> "numeric(" + ((typmod - VARHDRSZ) >> 16) + "," + ((typmod - VARHDRSZ) & 0xffff) + ")";
            case VARCHAR, BPCHAR -> base.sqlName() + "(" + (typmod - VARHDRSZ) + ")";
            case TIME -> "time(" + typmod + ") without time zone";
            case TIMESTAMP -> "timestamp(" + typmod + ") without time zone";
            case TIMESTAMPTZ -> "timestamp(" + typmod + ") with time zone";
            default -> base.sqlName();
        };
        return name + suffix;
    }
}
