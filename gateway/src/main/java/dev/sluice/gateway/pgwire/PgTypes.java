package dev.sluice.gateway.pgwire;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.util.Optional;

/**
 * Which PostgreSQL type a Flink type is shown as. Scalars map to their PostgreSQL namesakes with the column's
 * modifier (a DECIMAL(10, 2) is a numeric(10,2), a VARCHAR(20) a varchar(20), a STRING text); TINYINT, which
 * PostgreSQL lacks, is an int2. PostgreSQL keeps at most microseconds, so TIME, TIMESTAMP and TIMESTAMP_LTZ of a higher
 * precision report precision 6 (their text still has every digit). An ARRAY of a scalar is that scalar's array type;
 * everything nested otherwise (arrays of arrays or rows, MAP, MULTISET, ROW, structured types, VARIANT) is jsonb: the one
 * PostgreSQL type that every client reads into its language's own lists and dictionaries. RAW and anything without a
 * value form is text.
 */
public final class PgTypes {

    /** PostgreSQL's largest precision for time types: microseconds. */
    private static final int MAX_TIME_PRECISION = 6;

    private PgTypes() {}

    public static PgType of(LogicalType type) {
        return switch (type.getTypeRoot()) {
            case CHAR -> PgType.BPCHAR.withModifier(((CharType) type).getLength() + 4);
            case VARCHAR -> {
                int length = ((VarCharType) type).getLength();
                yield length == VarCharType.MAX_LENGTH ? PgType.TEXT : PgType.VARCHAR.withModifier(length + 4);
            }
            case BOOLEAN -> PgType.BOOL;
            case BINARY, VARBINARY -> PgType.BYTEA;
            case DECIMAL -> {
                DecimalType decimal = (DecimalType) type;
                yield PgType.NUMERIC.withModifier(((decimal.getPrecision() << 16) | decimal.getScale()) + 4);
            }
            case TINYINT, SMALLINT -> PgType.INT2;
            case INTEGER -> PgType.INT4;
            case BIGINT -> PgType.INT8;
            case FLOAT -> PgType.FLOAT4;
            case DOUBLE -> PgType.FLOAT8;
            case DATE -> PgType.DATE;
            case TIME_WITHOUT_TIME_ZONE ->
                PgType.TIME.withModifier(timePrecision(LogicalTypeChecks.getPrecision(type)));
            case TIMESTAMP_WITHOUT_TIME_ZONE ->
                PgType.TIMESTAMP.withModifier(timePrecision(LogicalTypeChecks.getPrecision(type)));
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_WITH_TIME_ZONE ->
                PgType.TIMESTAMPTZ.withModifier(timePrecision(LogicalTypeChecks.getPrecision(type)));
            case INTERVAL_YEAR_MONTH, INTERVAL_DAY_TIME -> PgType.INTERVAL;
            case ARRAY -> {
                LogicalType element = ((ArrayType) type).getElementType();
                PgType elementType = of(element);
                yield elementType.isArray() || elementType.oid() == PgType.JSONB.oid()
                        ? PgType.JSONB
                        : elementType.array().orElse(PgType.JSONB);
            }
            case MULTISET, MAP, ROW, STRUCTURED_TYPE, VARIANT -> PgType.JSONB;
            case DISTINCT_TYPE -> of(((DistinctType) type).getSourceType());
            case NULL, RAW, SYMBOL, UNRESOLVED, DESCRIPTOR -> PgType.TEXT;
        };
    }

    private static int timePrecision(int precision) {
        return Math.min(precision, MAX_TIME_PRECISION);
    }

    /**
     * The Flink type a parameter of a PostgreSQL type stands for, when the client named the type: what its value
     * becomes a literal of. Empty for numeric, whose literal has the value's own precision and scale, and for types a
     * parameter cannot have here (arrays, jsonb, interval).
     */
    public static Optional<LogicalType> flinkTypeOf(PgType type) {
        return Optional.ofNullable(
                switch (type.oid()) {
                    case 16 -> new BooleanType();
                    case 17 -> new VarBinaryType(VarBinaryType.MAX_LENGTH);
                    case 21 -> new SmallIntType();
                    case 23, 26 -> new IntType();
                    case 20 -> new BigIntType();
                    case 700 -> new FloatType();
                    case 701 -> new DoubleType();
                    // numeric without a precision: the literal keeps the value's own precision and scale.
                    case 1700 -> null;
                    case 18, 19, 25, 1042, 1043 -> new VarCharType(VarCharType.MAX_LENGTH);
                    case 1082 -> new DateType();
                    case 1083 -> new TimeType(MAX_TIME_PRECISION);
                    case 1114 -> new TimestampType(MAX_TIME_PRECISION);
                    case 1184 -> new LocalZonedTimestampType(MAX_TIME_PRECISION);
                    default -> null;
                });
    }
}
