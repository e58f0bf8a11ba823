package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.types.Row;

import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON form of Flink's values, without losing anything: a column's Flink type, never its value, decides its JSON
 * form, so a client parses each column one way. DECIMAL and BIGINT are strings (exact digits and scale; JSON numbers
 * past 2^53 are rounded by JavaScript and by every parser that reads numbers as doubles), temporal values are ISO-8601
 * with exactly their type's fractional digits, binary is base64, and arrays, maps and nested rows follow the same
 * rules. Query results and statement tests' rows (actual and expected alike) are written in these forms. The forms are listed in the OpenAPI document's {@code Row} schema.
 */
public final class JsonForms {

    /** Writes a map key that is an array, map or row as JSON text: JSON object keys can only be strings. */
    private static final ObjectWriter KEY_WRITER = new ObjectMapper().writer();

    private static final String DATE_TIME = "uuuu-MM-dd'T'HH:mm:ss";

    private JsonForms() {}

    /** The JSON form of a value of {@code type} as Flink's converter hands it out; SQL NULL stays null. */
    public static Function<Object, Object> encoder(LogicalType type) {
        Function<Object, Object> nonNull = switch (type.getTypeRoot()) {
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, CHAR, VARCHAR -> value -> value;
            // A string whatever its size: one JSON type per column, and past 2^53 a number would be rounded.
            case BIGINT -> String::valueOf;
            case FLOAT, DOUBLE -> JsonForms::floating;
            case DECIMAL -> value -> ((BigDecimal) value).toPlainString();
            case TIME_WITHOUT_TIME_ZONE ->
                temporal(fixedFraction("HH:mm:ss", type).toFormatter());
            case TIMESTAMP_WITHOUT_TIME_ZONE ->
                temporal(fixedFraction(DATE_TIME, type).toFormatter());
            // An instant, written in UTC.
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
                temporal(fixedFraction(DATE_TIME, type)
                        .appendLiteral('Z')
                        .toFormatter()
                        .withZone(ZoneOffset.UTC));
            case BINARY, VARBINARY -> value -> Base64.getEncoder().encodeToString((byte[]) value);
            case ARRAY -> array(encoder(((ArrayType) type).getElementType()));
            case MAP -> map(encoder(((MapType) type).getKeyType()), encoder(((MapType) type).getValueType()));
            // Flink hands a multiset out as a map from each element to its count.
            case MULTISET -> map(encoder(((MultisetType) type).getElementType()), value -> value);
            case ROW -> row((RowType) type)::apply;
            // DATE (2026-11-23), INTERVAL as an ISO-8601 duration (P1Y2M, PT36H), RAW and VARIANT as text.
            default -> String::valueOf;
        };
        return value -> value == null ? null : nonNull.apply(value);
    }

    /** A row, top-level or nested, as the positional array of its fields. */
    public static Function<Object, List<Object>> row(RowType type) {
        List<Function<Object, Object>> encoders =
                type.getChildren().stream().map(JsonForms::encoder).toList();
        return value -> {
            Row row = (Row) value;
            List<Object> encoded = new ArrayList<>(encoders.size());
            for (int i = 0; i < encoders.size(); i++) {
                encoded.add(encoders.get(i).apply(row.getField(i)));
            }
            return encoded;
        };
    }

    /** Any Java array: of objects, or of primitives where a type is bridged to them. */
    private static Function<Object, Object> array(Function<Object, Object> element) {
        return value -> {
            int length = Array.getLength(value);
            List<Object> encoded = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                encoded.add(element.apply(Array.get(value, i)));
            }
            return encoded;
        };
    }

    /** A JSON object whose keys are the text of each key's JSON form; the column's type says how to read them back. */
    private static Function<Object, Object> map(Function<Object, Object> key, Function<Object, Object> element) {
        return value -> {
            Map<String, Object> object = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> object.put(keyText(key.apply(k)), element.apply(v)));
            return object;
        };
    }

    private static String keyText(Object encoded) {
        if (encoded instanceof String text) {
            return text;
        }
        try {
            return KEY_WRITER.writeValueAsString(encoded);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NaN and the infinities have no JSON number, so they are the strings "NaN", "Infinity" and "-Infinity". */
    private static Object floating(Object value) {
        return Double.isFinite(((Number) value).doubleValue()) ? value : value.toString();
    }

    private static Function<Object, Object> temporal(DateTimeFormatter formatter) {
        return value -> formatter.format((TemporalAccessor) value);
    }

    /** {@code pattern} followed by exactly the type's fractional digits, trailing zeros kept (none for precision 0). */
    private static DateTimeFormatterBuilder fixedFraction(String pattern, LogicalType type) {
        int precision = LogicalTypeChecks.getPrecision(type);
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().appendPattern(pattern);
        return precision == 0
                ? builder
                : builder.appendFraction(ChronoField.NANO_OF_SECOND, precision, precision, true);
    }
}
