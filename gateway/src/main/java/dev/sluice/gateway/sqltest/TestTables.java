package dev.sluice.gateway.sqltest;

import dev.sluice.udf.testrows.TestRowsFactory;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.utils.DataTypeUtils;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stand-ins a statement test runs on: for each table it reads, a table of connector {@code sluice-test-rows} with
 * the same columns, computed columns, WATERMARK and primary key, holding the test's rows; for what it writes, one of
 * the same columns that collects the rows. Metadata columns become physical ones, so a test gives (or sees) their
 * values like any other column's.
 */
final class TestTables {

    /** On every row, so that a late row is late exactly as the table's WATERMARK says, however fast the rows come. */
    private static final Map<String, String> WATERMARK_ON_EVERY_ROW =
            Map.of("scan.watermark.emit.strategy", "on-event");

    private TestTables() {}

    /** The columns a source's test rows give: its physical and metadata columns, in order. */
    static List<Column> inputColumns(ResolvedSchema schema) {
        return schema.getColumns().stream()
                .filter(column -> !(column instanceof Column.ComputedColumn))
                .toList();
    }

    /**
     * A table like {@code original} whose rows are {@code encodedRows} ({@code TestRows.encode} of its input columns),
     * with the watermarks its WATERMARK clause makes, or the test's own ({@code ExplicitWatermarks.encode}).
     */
    static CatalogTable source(CatalogTable original, String encodedRows, Optional<String> explicitWatermarks) {
        Map<String, String> options = new HashMap<>(WATERMARK_ON_EVERY_ROW);
        explicitWatermarks.ifPresent(marks -> options.put(TestRowsFactory.EXPLICIT_WATERMARKS.key(), marks));
        return CatalogTable.newBuilder()
                .schema(schema(original.getUnresolvedSchema(), false))
                .comment(original.getComment())
                .options(withConnector(Map.of(TestRowsFactory.ROWS.key(), encodedRows), options))
                .build();
    }

    /** A table like {@code original} that collects what is written to it into the accumulator {@code collectAs}. */
    static CatalogTable sink(CatalogTable original, String collectAs, int maxRows) {
        return CatalogTable.newBuilder()
                .schema(schema(original.getUnresolvedSchema(), true))
                .comment(original.getComment())
                .options(collector(collectAs, maxRows))
                .build();
    }

    /** A table of a query's result columns (as plain columns: a time attribute is one of its source's only). */
    static CatalogTable resultSink(ResolvedSchema result, String collectAs, int maxRows) {
        Schema.Builder schema = Schema.newBuilder();
        result.getColumns()
                .forEach(column ->
                        schema.column(column.getName(), DataTypeUtils.removeTimeAttribute(column.getDataType())));
        return CatalogTable.newBuilder()
                .schema(schema.build())
                .options(collector(collectAs, maxRows))
                .build();
    }

    private static Map<String, String> collector(String collectAs, int maxRows) {
        return withConnector(
                Map.of(TestRowsFactory.COLLECT_AS.key(), collectAs),
                Map.of(TestRowsFactory.MAX_ROWS.key(), String.valueOf(maxRows)));
    }

    private static Map<String, String> withConnector(Map<String, String> options, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(options);
        all.putAll(more);
        all.put(FactoryUtil.CONNECTOR.key(), TestRowsFactory.IDENTIFIER);
        return all;
    }

    /**
     * The original's schema with each metadata column made physical; a sink's virtual metadata columns (read-only) are
     * left out, as an INSERT does not write them.
     */
    private static Schema schema(Schema original, boolean sink) {
        Schema.Builder schema = Schema.newBuilder();
        for (Schema.UnresolvedColumn column : original.getColumns()) {
            if (column instanceof Schema.UnresolvedMetadataColumn metadata) {
                if (!(sink && metadata.isVirtual())) {
                    schema.column(metadata.getName(), metadata.getDataType());
                }
            } else {
                schema.fromColumns(List.of(column));
            }
        }
        original.getWatermarkSpecs()
                .forEach(spec -> schema.watermark(spec.getColumnName(), spec.getWatermarkExpression()));
        original.getPrimaryKey()
                .ifPresent(key -> schema.primaryKeyNamed(key.getConstraintName(), key.getColumnNames()));
        return schema.build();
    }
}
