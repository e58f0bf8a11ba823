package dev.sluice.gateway.api;

import dev.sluice.gateway.api.model.Column;
import dev.sluice.gateway.api.model.ResultRow;
import dev.sluice.gateway.sqltest.JsonForms;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turns Flink's internal rows into JSON values without losing anything, in the forms {@link JsonForms} gives. */
final class ResultRows {

    private final ResolvedSchema schema;
    private final DataStructureConverter<Object, Object> converter;
    private final Function<Object, List<Object>> fields;

    ResultRows(ResolvedSchema schema) {
        DataType rowType = schema.toPhysicalRowDataType();
        this.schema = schema;
        this.converter = DataStructureConverters.getConverter(rowType);
        this.converter.open(ResultRows.class.getClassLoader());
        this.fields = JsonForms.row((RowType) rowType.getLogicalType());
    }

    List<Column> columns() {
        return schema.getColumns().stream()
                .map(column -> new Column(column.getName(), column.getDataType().toString()))
                .toList();
    }

    List<ResultRow> rows(List<RowData> data) {
        List<ResultRow> rows = new ArrayList<>(data.size());
        for (RowData internal : data) {
            rows.add(new ResultRow(internal.getRowKind().shortString(), fields.apply(converter.toExternal(internal))));
        }
        return rows;
    }
}
