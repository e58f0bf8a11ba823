package dev.sluice.udf.js;

import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Converts between Flink's external SQL values and JavaScript values, one converter tree per declared type, built
 * once per function. The mapping (docs/js-udfs.md):
 * <pre>
 * SQL                          JavaScript in                     JavaScript out (accepted)
 * STRING, CHAR, VARCHAR        string                            string (lone surrogates refused)
 * TINYINT, SMALLINT, INT       number                            integral number in range
 * BIGINT                       number; BigInt beyond ±(2^53-1)   integral number or BigInt in range
 * FLOAT, DOUBLE                number                            number
 * DECIMAL(p, s)                string, exact ("12.30")           string or number, rounded HALF_UP to s; over p refused
 * BOOLEAN                      boolean                           boolean
 * TIMESTAMP(p)                 Date (the wall time read as UTC)  Date or epoch milliseconds
 * TIMESTAMP_LTZ(p)             Date (the instant)                Date or epoch milliseconds
 * DATE                         string "YYYY-MM-DD"               string "YYYY-MM-DD" or Date (its UTC day)
 * ARRAY&lt;T&gt;                     Array                             Array
 * MAP&lt;K, V&gt;                    Map                               Map, or an object with string keys
 * ROW&lt;a T, ...&gt;                object {a: ...}                   object with those fields (missing ones NULL)
 * NULL of any type             null                              null or undefined
 * </pre>
 */
final class JsConversions {

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** The context's constructors the conversions create values with. */
    record Intrinsics(Value array, Value map, Value object, Value date, Value bigInt) {
        static Intrinsics of(Context context) {
            Value global = context.getBindings("js");
            return new Intrinsics(
                    global.getMember("Array"),
                    global.getMember("Map"),
                    global.getMember("Object"),
                    global.getMember("Date"),
                    global.getMember("BigInt"));
        }
    }

    /** One declared type's conversion both ways. */
    interface Converter {
        /** A Java value for a JS call argument: a String, Number, Boolean, null or a Value of the context. */
        Object toJs(Object sql, Intrinsics js);

        /** The Flink external value (its default conversion class) for a JS result, paid for from {@code budget}. */
        Object toSql(Value js, Budget budget);
    }

    /**
     * What converting the results of one call may cost the host: every value (a row, a field, an element, a map
     * entry, null too) costs one and every string its length, up to {@code limit} in all. Without a total, an array
     * holding the same large array a million times costs the script one statement and the host its heap. A converter
     * asks after every value whether the call was stopped, so a long host-side loop ends with the call's time budget
     * even where it runs no guest code the watchdog could interrupt.
     */
    static final class Budget {
        private final long limit;
        private final BooleanSupplier stopped;
        private long spent;

        Budget(long limit, BooleanSupplier stopped) {
            this.limit = limit;
            this.stopped = stopped;
        }

        /** The size limit of any one string, array or map. */
        int maxLength() {
            return (int) Math.min(Integer.MAX_VALUE, limit);
        }

        void spend(long units) {
            require(units);
            spent += units;
            if (stopped.getAsBoolean()) {
                throw new JsScriptException("the call was stopped while its result was converted");
            }
        }

        /** Fails unless {@code units} more would still fit, e.g. an array's elements before the host allocates them. */
        void require(long units) {
            if (spent + units > limit) {
                throw new JsScriptException("the result holds more than " + limit
                        + " values and characters in all, the sandbox's limit for one call");
            }
        }
    }

    private JsConversions() {}

    static Converter forType(DataType type) {
        return forType(type.getLogicalType());
    }

    static Converter forType(LogicalType type) {
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR ->
                new Converter() {
                    public Object toJs(Object sql, Intrinsics js) {
                        return sql;
                    }

                    public Object toSql(Value js, Budget budget) {
                        expect(js.isString(), "a string", js);
                        return checkedString(js.asString(), budget);
                    }
                };
            case BOOLEAN -> simple(type, Value::isBoolean, Value::asBoolean, "a boolean");
            case TINYINT -> simple(type, Value::fitsInByte, Value::asByte, "an integer between -128 and 127");
            case SMALLINT -> simple(type, Value::fitsInShort, Value::asShort, "an integer between -32768 and 32767");
            case INTEGER -> simple(type, Value::fitsInInt, Value::asInt, "a 32-bit integer");
            case FLOAT -> simple(type, Value::isNumber, v -> (float) v.asDouble(), "a number");
            case DOUBLE -> simple(type, Value::isNumber, Value::asDouble, "a number");
            case BIGINT ->
                new Converter() {
                    public Object toJs(Object sql, Intrinsics js) {
                        long value = (Long) sql;
                        return Math.abs(value) <= MAX_SAFE_INTEGER
                                ? (Object) value
                                : js.bigInt().execute(Long.toString(value));
                    }

                    public Object toSql(Value js, Budget budget) {
                        expect(js.fitsInLong(), "an integer within BIGINT's range", js);
                        return js.asLong();
                    }
                };
            case DECIMAL -> decimal((DecimalType) type);
            case TIMESTAMP_WITHOUT_TIME_ZONE ->
                new Converter() {
                    public Object toJs(Object sql, Intrinsics js) {
                        return js.date().newInstance((double)
                                ((LocalDateTime) sql).toInstant(ZoneOffset.UTC).toEpochMilli());
                    }

                    public Object toSql(Value js, Budget budget) {
                        return LocalDateTime.ofInstant(instant(js), ZoneOffset.UTC);
                    }
                };
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
                new Converter() {
                    public Object toJs(Object sql, Intrinsics js) {
                        return js.date().newInstance((double) ((Instant) sql).toEpochMilli());
                    }

                    public Object toSql(Value js, Budget budget) {
                        return instant(js);
                    }
                };
            case DATE ->
                new Converter() {
                    public Object toJs(Object sql, Intrinsics js) {
                        return sql.toString();
                    }

                    public Object toSql(Value js, Budget budget) {
                        if (js.isInstant()) {
                            return LocalDate.ofInstant(js.asInstant(), ZoneOffset.UTC);
                        }
                        expect(js.isString(), "a \"YYYY-MM-DD\" string or a Date", js);
                        try {
                            return LocalDate.parse(js.asString());
                        } catch (DateTimeParseException e) {
                            throw new JsScriptException(
                                    "expected a \"YYYY-MM-DD\" date, got \"" + js.asString() + "\"");
                        }
                    }
                };
            case ARRAY -> array((ArrayType) type);
            case MAP -> map((MapType) type);
            case ROW -> row((RowType) type);
            default -> throw new JsScriptException("SQL type " + type + " is not supported in JavaScript functions");
        };
    }

    /** Null handling wraps every converter once, so the ones above never see null. */
    static Converter nullable(Converter converter) {
        return new Converter() {
            public Object toJs(Object sql, Intrinsics js) {
                return sql == null ? null : converter.toJs(sql, js);
            }

            public Object toSql(Value js, Budget budget) {
                budget.spend(1);
                return js == null || js.isNull() ? null : converter.toSql(js, budget);
            }
        };
    }

    private interface Test {
        boolean test(Value value);
    }

    private interface Read {
        Object read(Value value);
    }

    private static Converter simple(LogicalType type, Test test, Read read, String expected) {
        return new Converter() {
            public Object toJs(Object sql, Intrinsics js) {
                return sql;
            }

            public Object toSql(Value js, Budget budget) {
                expect(test.test(js), expected + " for " + type, js);
                return read.read(js);
            }
        };
    }

    private static Converter decimal(DecimalType type) {
        return new Converter() {
            public Object toJs(Object sql, Intrinsics js) {
                return ((BigDecimal) sql).toPlainString();
            }

            public Object toSql(Value js, Budget budget) {
                BigDecimal value;
                try {
                    if (js.isString()) {
                        value = new BigDecimal(js.asString().trim());
                    } else if (js.fitsInLong()) {
                        value = BigDecimal.valueOf(js.asLong());
                    } else if (js.isNumber() && Double.isFinite(js.asDouble())) {
                        value = BigDecimal.valueOf(js.asDouble());
                    } else {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new JsScriptException(
                            "expected a decimal string or a finite number for " + type + ", got " + describe(js));
                }
                BigDecimal scaled = value.setScale(type.getScale(), RoundingMode.HALF_UP);
                if (scaled.precision() > type.getPrecision()) {
                    throw new JsScriptException(value.toPlainString() + " does not fit " + type);
                }
                return scaled;
            }
        };
    }

    private static Converter array(ArrayType type) {
        Converter element = nullable(forType(type.getElementType()));
        Class<?> elementClass = org.apache.flink.table.types.utils.TypeConversions.fromLogicalToDataType(
                        type.getElementType())
                .getConversionClass();
        return new Converter() {
            public Object toJs(Object sql, Intrinsics js) {
                Value array = js.array().newInstance();
                int length = Array.getLength(sql);
                for (int i = 0; i < length; i++) {
                    array.setArrayElement(i, element.toJs(Array.get(sql, i), js));
                }
                return array;
            }

            public Object toSql(Value js, Budget budget) {
                expect(js.hasArrayElements(), "an array for " + type, js);
                long size = js.getArraySize();
                if (size > budget.maxLength()) {
                    throw new JsScriptException(
                            "an array of " + size + " elements exceeds the limit of " + budget.maxLength());
                }
                // Checked before the host allocates it: a sparse array's length costs the script nothing.
                budget.require(size);
                Object result = Array.newInstance(elementClass, (int) size);
                for (int i = 0; i < size; i++) {
                    Array.set(result, i, element.toSql(js.getArrayElement(i), budget));
                }
                return result;
            }
        };
    }

    private static Converter map(MapType type) {
        Converter key = nullable(forType(type.getKeyType()));
        Converter value = nullable(forType(type.getValueType()));
        return new Converter() {
            public Object toJs(Object sql, Intrinsics js) {
                Value map = js.map().newInstance();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) sql).entrySet()) {
                    map.invokeMember("set", key.toJs(entry.getKey(), js), value.toJs(entry.getValue(), js));
                }
                return map;
            }

            public Object toSql(Value js, Budget budget) {
                Map<Object, Object> result = new LinkedHashMap<>();
                if (js.hasHashEntries()) {
                    checkSize(js.getHashSize(), budget.maxLength());
                    Value entries = js.getHashEntriesIterator();
                    while (entries.hasIteratorNextElement()) {
                        Value entry = entries.getIteratorNextElement();
                        result.put(
                                key.toSql(entry.getArrayElement(0), budget),
                                value.toSql(entry.getArrayElement(1), budget));
                    }
                    return result;
                }
                expect(js.hasMembers() && !js.canExecute(), "a Map or an object for " + type, js);
                for (String member : js.getMemberKeys()) {
                    checkSize(result.size(), budget.maxLength());
                    result.put(
                            key.toSql(js.getContext().asValue(member), budget),
                            value.toSql(js.getMember(member), budget));
                }
                return result;
            }
        };
    }

    private static Converter row(RowType type) {
        List<String> names = type.getFieldNames();
        Converter[] fields = type.getFields().stream()
                .map(field -> nullable(forType(field.getType())))
                .toArray(Converter[]::new);
        return new Converter() {
            public Object toJs(Object sql, Intrinsics js) {
                Row row = (Row) sql;
                Value object = js.object().newInstance();
                for (int i = 0; i < fields.length; i++) {
                    object.putMember(names.get(i), fields[i].toJs(row.getField(i), js));
                }
                return object;
            }

            public Object toSql(Value js, Budget budget) {
                expect(js.hasMembers() && !js.isString(), "an object with fields " + names, js);
                Object[] values = new Object[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    values[i] = fields[i].toSql(js.getMember(names.get(i)), budget);
                }
                return Row.of(values);
            }
        };
    }

    private static Instant instant(Value js) {
        if (js.isInstant()) {
            return js.asInstant();
        }
        expect(js.fitsInLong(), "a Date or epoch milliseconds", js);
        return Instant.ofEpochMilli(js.asLong());
    }

    private static String checkedString(String value, Budget budget) {
        if (value.length() > budget.maxLength()) {
            throw new JsScriptException(
                    "a string of " + value.length() + " characters exceeds the limit of " + budget.maxLength());
        }
        budget.spend(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new JsScriptException(
                        "the string has a lone surrogate at index " + i + ", which is not valid Unicode");
            }
        }
        return value;
    }

    private static void checkSize(long size, int maxLength) {
        if (size > maxLength) {
            throw new JsScriptException("a map of " + size + " entries exceeds the limit of " + maxLength);
        }
    }

    private static void expect(boolean ok, String expected, Value actual) {
        if (!ok) {
            throw new JsScriptException("expected " + expected + ", got " + describe(actual));
        }
    }

    private static String describe(Value value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
