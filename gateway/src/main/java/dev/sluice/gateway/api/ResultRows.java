package dev.sluice.gateway.api;

import dev.sluice.gateway.api.model.Column;
import dev.sluice.gateway.api.model.ResultRow;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.types.Row;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Flink's internal rows into JSON values: numbers stay numbers (DECIMAL keeps its digits), temporal values
 * are written as SQL literals ({@code 2024-01-01 10:00:00.250}), binary as base64, arrays and
 * nested rows as arrays, maps as objects.
 */
final class ResultRows {

    private static final DateTimeFormatter SQL_TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .appendPattern("yyyy-MM-dd HH:mm:ss")
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .toFormatter();
    private static final DateTimeFormatter SQL_TIME =
            new DateTimeFormatterBuilder()
                    .appendPattern("HH:mm:ss")
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .toFormatter();

    private final ResolvedSchema schema;
    private final DataStructureConverter<Object, Object> converter;

    @SuppressWarnings("unchecked")
    ResultRows(ResolvedSchema schema) {
        this.schema = schema;
        this.converter =
                (DataStructureConverter<Object, Object>)
                        DataStructureConverters.getConverter(schema.toPhysicalRowDataType());
        this.converter.open(ResultRows.class.getClassLoader());
    }

    List<Column> columns() {
        return schema.getColumns().stream()
                .map(column -> new Column(column.getName(), column.getDataType().toString()))
                .toList();
    }

    List<ResultRow> rows(List<RowData> data) {
        List<ResultRow> rows = new ArrayList<>(data.size());
        for (RowData internal : data) {
            Row row = (Row) converter.toExternal(internal);
            List<Object> fields = new ArrayList<>(row.getArity());
            for (int i = 0; i < row.getArity(); i++) {
                fields.add(toJson(row.getField(i)));
            }
            rows.add(new ResultRow(internal.getRowKind().shortString(), fields));
        }
        return rows;
    }

    private static Object toJson(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof LocalDateTime timestamp) {
            return SQL_TIMESTAMP.format(timestamp);
        }
        if (value instanceof LocalTime time) {
            return SQL_TIME.format(time);
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Row row) {
            // A nested ROW is written positionally, like the top-level row.
            List<Object> fields = new ArrayList<>(row.getArity());
            for (int i = 0; i < row.getArity(); i++) {
                fields.add(toJson(row.getField(i)));
            }
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> object = new LinkedHashMap<>();
            map.forEach((key, element) -> object.put(String.valueOf(toJson(key)), toJson(element)));
            return object;
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(ResultRows::toJson).toList();
        }
        if (value.getClass().isArray()) {
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                elements.add(toJson(java.lang.reflect.Array.get(value, i)));
            }
            return elements;
        }
        // LocalDate, Instant (TIMESTAMP_LTZ, in UTC), Duration and Period print as ISO-8601.
        return value.toString();
    }
}
