package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JSON value as the Java value Flink's converters take for a column's type: the inverse of {@link JsonForms},
 * and a little more lenient (a BIGINT or DECIMAL may be a JSON number or a string of digits, a timestamp may have a
 * space for its 'T', fewer fractional digits than its type). A value that does not fit its type is refused, never
 * rounded or cut: a test states exact rows.
 */
final class JsonValues {

    /** Why a value does not fit its type, said of the value alone; the caller names the field. */
    static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValue(String message) {
            super(message);
        }
    }

    private JsonValues() {}

    /** The value of {@code node} as {@code type}'s default Java class; JSON null is SQL NULL. */
    static Object read(JsonNode node, LogicalType type) throws InvalidValue {
        if (node == null || node.isNull()) {
            if (!type.isNullable()) {
                throw new InvalidValue("is null, but its type " + type.asSummaryString() + " is NOT NULL");
            }
            return null;
        }
        return switch (type.getTypeRoot()) {
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw mismatch(node, type, "true or false");
                }
                yield node.booleanValue();
            }
            case TINYINT -> integer(node, type, Byte.MIN_VALUE, Byte.MAX_VALUE).byteValue();
            case SMALLINT ->
                integer(node, type, Short.MIN_VALUE, Short.MAX_VALUE).shortValue();
            case INTEGER ->
                integer(node, type, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
            case BIGINT -> integer(node, type, Long.MIN_VALUE, Long.MAX_VALUE).longValue();
            case FLOAT -> (float) floating(node, type);
            case DOUBLE -> floating(node, type);
            case DECIMAL -> decimal(node, (DecimalType) type);
            case CHAR, VARCHAR -> text(node, type);
            case DATE -> temporal(node, type, () -> LocalDate.parse(text(node, type)));
            case TIME_WITHOUT_TIME_ZONE -> temporal(node, type, () -> LocalTime.parse(text(node, type)));
            case TIMESTAMP_WITHOUT_TIME_ZONE ->
                temporal(node, type, () -> LocalDateTime.parse(text(node, type).replace(' ', 'T')));
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> temporal(node, type, () -> instant(text(node, type)));
            case BINARY, VARBINARY -> {
                try {
                    yield Base64.getDecoder().decode(text(node, type));
                } catch (IllegalArgumentException e) {
                    throw mismatch(node, type, "base64 text");
                }
            }
            case ARRAY -> array(node, (ArrayType) type);
            case MAP -> map(node, (MapType) type);
            case ROW -> row(node, (RowType) type);
            default ->
                throw new InvalidValue("has type " + type.asSummaryString() + ", which test rows cannot give yet");
        };
    }

    private static BigInteger integer(JsonNode node, LogicalType type, long min, long max) throws InvalidValue {
        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else if (node.isTextual()) {
            try {
                value = new BigInteger(node.textValue().strip());
            } catch (NumberFormatException e) {
                throw mismatch(node, type, "a whole number");
            }
        } else {
            throw mismatch(node, type, "a whole number");
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InvalidValue(
                    "is " + value + ", outside " + type.asSummaryString() + " (" + min + " to " + max + ")");
        }
        return value;
    }

    private static double floating(JsonNode node, LogicalType type) throws InvalidValue {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw mismatch(node, type, "a number");
    }

    private static BigDecimal decimal(JsonNode node, DecimalType type) throws InvalidValue {
        BigDecimal value;
        try {
            value = node.isNumber()
                    ? node.decimalValue()
                    : node.isTextual() ? new BigDecimal(node.textValue().strip()) : null;
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null) {
            throw mismatch(node, type, "a number or a string of digits");
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(type.getScale());
        } catch (ArithmeticException e) {
            throw new InvalidValue("is " + value.toPlainString() + ", which has more than the " + type.getScale()
                    + " fractional digits of " + type.asSummaryString());
        }
        if (scaled.precision() > type.getPrecision()) {
            throw new InvalidValue(
                    "is " + value.toPlainString() + ", which has more digits than " + type.asSummaryString());
        }
        return scaled;
    }

    private static String text(JsonNode node, LogicalType type) throws InvalidValue {
        if (!node.isTextual()) {
            throw mismatch(node, type, "a string");
        }
        return node.textValue();
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
    }

    /** Parses a temporal value; its text is ISO-8601. */
    private interface Parse {
        Object parse() throws InvalidValue;
    }

    private static Object temporal(JsonNode node, LogicalType type, Parse parse) throws InvalidValue {
        try {
            return parse.parse();
        } catch (DateTimeException e) {
            String form = switch (type.getTypeRoot()) {
                case DATE -> "\"2026-12-07\"";
                case TIME_WITHOUT_TIME_ZONE -> "\"10:15:30\"";
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "\"2026-12-07T10:15:30Z\" (with a Z or an offset)";
                default -> "\"2026-12-07T10:15:30\" or \"2026-12-07 10:15:30.250\"";
            };
            throw new InvalidValue("is " + node + ", not a " + type.asSummaryString() + " written as " + form);
        }
    }

    private static Object array(JsonNode node, ArrayType type) throws InvalidValue {
        if (!node.isArray()) {
            throw mismatch(node, type, "a JSON array");
        }
        Class<?> elementClass =
                TypeConversions.fromLogicalToDataType(type.getElementType()).getConversionClass();
        Object array = Array.newInstance(elementClass, node.size());
        for (int i = 0; i < node.size(); i++) {
            Array.set(array, i, nested("[" + i + "]", node.get(i), type.getElementType()));
        }
        return array;
    }

    private static Map<Object, Object> map(JsonNode node, MapType type) throws InvalidValue {
        if (!node.isObject()) {
            throw mismatch(node, type, "a JSON object");
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Object key = nested("." + entry.getKey(), TextNode.valueOf(entry.getKey()), type.getKeyType());
            map.put(key, nested("." + entry.getKey(), entry.getValue(), type.getValueType()));
        }
        return map;
    }

    private static Row row(JsonNode node, RowType type) throws InvalidValue {
        if (!node.isObject()) {
            throw mismatch(node, type, "a JSON object of its fields");
        }
        Row row = new Row(type.getFieldCount());
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!type.getFieldNames().contains(name)) {
                throw new InvalidValue(
                        "has a field '" + name + "', which " + type.asSummaryString() + " does not have");
            }
        }
        for (int i = 0; i < type.getFieldCount(); i++) {
            String name = type.getFieldNames().get(i);
            row.setField(i, nested("." + name, node.get(name), type.getTypeAt(i)));
        }
        return row;
    }

    /** A value inside an array, map or row: its path is put before the message. */
    private static Object nested(String path, JsonNode node, LogicalType type) throws InvalidValue {
        try {
            return read(node, type);
        } catch (InvalidValue e) {
            throw new InvalidValue("at " + path + " " + e.getMessage());
        }
    }

    private static InvalidValue mismatch(JsonNode node, LogicalType type, String expected) {
        return new InvalidValue("is " + node + ", but its type " + type.asSummaryString() + " takes " + expected);
    }
}
