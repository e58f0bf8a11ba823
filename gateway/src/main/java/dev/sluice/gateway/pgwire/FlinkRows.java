package dev.sluice.gateway.pgwire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.StructuredType;
import org.apache.flink.types.Row;
import org.apache.flink.types.variant.Variant;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A Flink result's columns as PostgreSQL columns ({@link PgTypes}), and its rows as the values {@link PgValues} writes:
 * scalars as Flink's own Java values, arrays of scalars as lists, and what is jsonb as its JSON text, with a ROW's and
 * a structured type's fields by name, a MAP's keys as strings, a MULTISET as each element's count, and temporal values
 * in ISO form as PostgreSQL's {@code to_json} writes them.
 */
final class FlinkRows {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final List<PgColumn> columns;
    private final List<LogicalType> types;
    private final DataStructureConverter<Object, Object> converter;

    FlinkRows(ResolvedSchema schema) {
        List<PgColumn> pgColumns = new ArrayList<>();
        List<LogicalType> logicalTypes = new ArrayList<>();
        for (Column column : schema.getColumns()) {
            LogicalType type = column.getDataType().getLogicalType();
            logicalTypes.add(type);
            pgColumns.add(new PgColumn(column.getName(), PgTypes.of(type)));
        }
        this.columns = List.copyOf(pgColumns);
        this.types = List.copyOf(logicalTypes);
        this.converter = DataStructureConverters.getConverter(schema.toPhysicalRowDataType());
        this.converter.open(FlinkRows.class.getClassLoader());
    }

    List<PgColumn> columns() {
        return columns;
    }

    /** The row's values, one per column. */
    List<Object> values(RowData row) {
        Row external = (Row) converter.toExternal(row);
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            values.add(value(external.getField(i), types.get(i), columns.get(i).type()));
        }
        return values;
    }

    private static Object value(Object value, LogicalType type, PgType pgType) {
        if (value == null) {
            return null;
        }
        if (pgType.oid() == PgType.JSONB.oid()) {
            return json(value, type);
        }
        if (pgType.isArray()) {
            LogicalType elementType = ((ArrayType) type).getElementType();
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(value(Array.get(value, i), elementType, pgType.element()));
            }
            return elements;
        }
        if (pgType.oid() == PgType.TEXT.oid() && !(value instanceof String)) {
            return value.toString();
        }
        return value;
    }

    static String json(Object value, LogicalType type) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            write(generator, value, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to a string failed", e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator json, Object value, LogicalType type) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (type.getTypeRoot()) {
            case ARRAY -> {
                LogicalType elementType = ((ArrayType) type).getElementType();
                json.writeStartArray();
                for (int i = 0; i < Array.getLength(value); i++) {
                    write(json, Array.get(value, i), elementType);
                }
                json.writeEndArray();
            }
            case MAP, MULTISET -> {
                LogicalType keyType =
                        type instanceof MapType map ? map.getKeyType() : ((MultisetType) type).getElementType();
                LogicalType valueType = type instanceof MapType map ? map.getValueType() : null;
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    json.writeFieldName(keyText(entry.getKey(), keyType));
                    if (valueType == null) {
                        json.writeNumber(((Number) entry.getValue()).longValue());
                    } else {
                        write(json, entry.getValue(), valueType);
                    }
                }
                json.writeEndObject();
            }
            case ROW ->
                writeFields(json, (Row) value, ((RowType) type).getFieldNames(), ((RowType) type).getChildren());
            case STRUCTURED_TYPE -> {
                StructuredType structured = (StructuredType) type;
                List<String> names = structured.getAttributes().stream()
                        .map(StructuredType.StructuredAttribute::getName)
                        .toList();
                if (value instanceof Row row) {
                    writeFields(json, row, names, structured.getChildren());
                } else {
                    json.writeString(value.toString());
                }
            }
            case DISTINCT_TYPE -> write(json, value, ((DistinctType) type).getSourceType());
            case VARIANT -> json.writeRawValue(((Variant) value).toJson());
            default -> writeScalar(json, value);
        }
    }

    private static void writeFields(JsonGenerator json, Row row, List<String> names, List<LogicalType> fieldTypes)
            throws IOException {
        json.writeStartObject();
        for (int i = 0; i < names.size(); i++) {
            json.writeFieldName(names.get(i));
            write(json, row.getField(i), fieldTypes.get(i));
        }
        json.writeEndObject();
    }

    private static void writeScalar(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                json.writeString(PgValues.doubleText(number));
            } else if (value instanceof Float single) {
                json.writeNumber(single);
            } else {
                json.writeNumber(number);
            }
        } else if (value instanceof Number number) {
            json.writeNumber(number.longValue());
        } else {
            json.writeString(scalarText(value));
        }
    }

    private static String keyText(Object key, LogicalType keyType) {
        if (key == null) {
            return "null";
        }
        return switch (keyType.getTypeRoot()) {
            case ARRAY, MAP, MULTISET, ROW, STRUCTURED_TYPE -> json(key, keyType);
            default -> scalarText(key);
        };
    }

    /** A scalar as text, temporal values as PostgreSQL's to_json writes them. */
    private static String scalarText(Object value) {
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof LocalDate date) {
            return PgValues.dateText(date);
        }
        if (value instanceof LocalTime time) {
            return PgValues.timeText(time);
        }
        if (value instanceof LocalDateTime timestamp) {
            return PgValues.dateText(timestamp.toLocalDate()) + "T" + PgValues.timeText(timestamp.toLocalTime());
        }
        if (value instanceof Instant instant) {
            LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            return PgValues.dateText(utc.toLocalDate()) + "T" + PgValues.timeText(utc.toLocalTime()) + "+00:00";
        }
        if (value instanceof Duration || value instanceof Period) {
            return PgValues.intervalText(value);
        }
        return value.toString();
    }
}
