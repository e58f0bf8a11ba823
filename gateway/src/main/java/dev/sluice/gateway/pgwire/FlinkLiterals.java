package dev.sluice.gateway.pgwire;

import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;

/**
 * Writes a bound parameter's value into a Flink statement as a literal of the parameter's type: {@code TRUE},
 * {@code CAST(42 AS INT)}, {@code 'it''s'}, {@code X'0a0b'}, {@code TIMESTAMP '2024-01-01 10:00:00.5'}. The literal is
 * made from the typed value, never from the text the client sent, so a value can only ever be a value: a string's
 * quotes are doubled, a number is printed by Java, and what no literal of the type can hold is refused.
 */
public final class FlinkLiterals {

    private FlinkLiterals() {}

    /**
     * The literal of {@code value} (a {@link ParameterValues} value, or null for SQL NULL) as {@code type}.
     *
     * @throws PgException 22003 for a number out of the type's range, 22021 for a string holding a NUL, 0A000 for a
     *     type no parameter can have
     */
    public static String of(Object value, LogicalType type) {
        if (value == null) {
            return "CAST(NULL AS " + typeName(type) + ")";
        }
        LogicalTypeRoot root = type.getTypeRoot();
        return switch (root) {
            case BOOLEAN -> ((Boolean) value) ? "TRUE" : "FALSE";
            case TINYINT -> integer((Long) value, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
            case SMALLINT -> integer((Long) value, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
            case INTEGER -> integer((Long) value, Integer.MIN_VALUE, Integer.MAX_VALUE, "INT");
            case BIGINT -> integer((Long) value, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
            case FLOAT, DOUBLE ->
                floating(((Number) value).doubleValue(), root == LogicalTypeRoot.FLOAT ? "FLOAT" : "DOUBLE");
            case DECIMAL -> decimal(value, (DecimalType) type);
            case CHAR, VARCHAR -> string((String) value);
            case BINARY, VARBINARY -> "X'" + HexFormat.of().formatHex((byte[]) value) + "'";
            case DATE -> "DATE '" + date((LocalDate) value) + "'";
            case TIME_WITHOUT_TIME_ZONE -> "TIME '" + PgValues.timeText((LocalTime) value) + "'";
            case TIMESTAMP_WITHOUT_TIME_ZONE -> {
                LocalDateTime timestamp = (LocalDateTime) value;
                yield "TIMESTAMP '" + date(timestamp.toLocalDate()) + " " + PgValues.timeText(timestamp.toLocalTime())
                        + "'";
            }
            // Milliseconds since the epoch, which mean the same instant whatever the session's time zone.
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TO_TIMESTAMP_LTZ(" + ((Instant) value).toEpochMilli() + ", 3)";
            default ->
                throw new PgException(
                        SqlState.FEATURE_NOT_SUPPORTED,
                        "parameters of type " + type.asSummaryString() + " are not supported",
                        "Write the value into the statement, or bind a scalar parameter and build the value in SQL.");
        };
    }

    /** The Flink type of a numeric parameter the client gave no precision for: the value's own. */
    public static DecimalType decimalTypeOf(BigDecimal value) {
        BigDecimal plain = value.scale() < 0 ? value.setScale(0) : value;
        int scale = plain.scale();
        int precision = Math.max(plain.precision(), scale + 1);
        if (precision > DecimalType.MAX_PRECISION) {
            throw new PgException(
                    SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "numeric value has " + precision + " digits; Flink's DECIMAL holds at most "
                            + DecimalType.MAX_PRECISION);
        }
        return new DecimalType(precision, scale);
    }

    private static String integer(long value, long min, long max, String typeName) {
        if (value < min || value > max) {
            throw new PgException(
                    SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value " + value + " is out of range for type " + typeName);
        }
        return "CAST(" + value + " AS " + typeName + ")";
    }

    private static String floating(double value, String typeName) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "CAST('" + (Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity") + "' AS " + typeName
                    + ")";
        }
        // Java prints 1.0E10 or 0.5: both are SQL literals; the E form is approximate (DOUBLE) in Flink.
        String text = Double.toString(value);
        return "CAST(" + (text.contains("E") ? text : text + "E0") + " AS " + typeName + ")";
    }

    private static String decimal(Object value, DecimalType type) {
        BigDecimal decimal = value instanceof BigDecimal given ? given : new BigDecimal(value.toString());
        BigDecimal plain = decimal.scale() < 0 ? decimal.setScale(0) : decimal;
        if (plain.precision() - plain.scale() > type.getPrecision() - type.getScale()) {
            throw new PgException(
                    SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "numeric value " + plain.toPlainString() + " does not fit " + type.asSummaryString());
        }
        return "CAST(" + plain.toPlainString() + " AS DECIMAL(" + type.getPrecision() + ", " + type.getScale() + "))";
    }

    private static String string(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new PgException(
                    SqlState.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\": 0x00");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    private static String date(LocalDate date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new PgException(
                    SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "date " + date + " is out of range for Flink (years 1 to 9999)");
        }
        return PgValues.dateText(date);
    }

    /** The type as Flink's SQL writes it, without time attribute markers: for a CAST. */
    static String typeName(LogicalType type) {
        return switch (type.getTypeRoot()) {
            case TIMESTAMP_WITHOUT_TIME_ZONE -> "TIMESTAMP(" + LogicalTypeChecks.getPrecision(type) + ")";
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMP_LTZ(" + LogicalTypeChecks.getPrecision(type) + ")";
            default -> type.copy(true).asSerializableString();
        };
    }
}
