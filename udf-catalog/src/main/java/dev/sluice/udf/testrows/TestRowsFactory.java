package dev.sluice.udf.testrows;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.types.logical.RowType;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code 'connector' = 'sluice-test-rows'}: as a source, the rows of {@link #ROWS} in their order, then the end of
 * input; as a sink, collects what reaches it into the job's accumulator {@link #COLLECT_AS}. Options it does not know
 * are ignored rather than refused: the table keeps the options its statement's hints add, and the watermark options
 * the planner reads.
 */
public final class TestRowsFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "sluice-test-rows";

    public static final ConfigOption<String> ROWS = ConfigOptions.key("rows")
            .stringType()
            .defaultValue("")
            .withDescription("The source's rows, as TestRows.encode writes them for the table's physical row type.");

    public static final ConfigOption<String> EXPLICIT_WATERMARKS = ConfigOptions.key("explicit-watermarks")
            .stringType()
            .noDefaultValue()
            .withDescription("When set, the source's watermarks are these (ExplicitWatermarks.encode) instead of the"
                    + " table's strategy's; empty for none but the end of input's.");

    public static final ConfigOption<String> COLLECT_AS = ConfigOptions.key("collect-as")
            .stringType()
            .noDefaultValue()
            .withDescription("The accumulator the sink collects its rows into.");

    public static final ConfigOption<Integer> MAX_ROWS = ConfigOptions.key("max-rows")
            .intType()
            .defaultValue(10_000)
            .withDescription(
                    "Rows the sink collects at most; one more is kept, so that a reader can tell there were more.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(ROWS, EXPLICIT_WATERMARKS, COLLECT_AS, MAX_ROWS);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        Map<String, String> options = context.getCatalogTable().getOptions();
        return new TestRowsSource(
                (RowType) context.getPhysicalRowDataType().getLogicalType(),
                options.getOrDefault(ROWS.key(), ROWS.defaultValue()),
                Optional.ofNullable(options.get(EXPLICIT_WATERMARKS.key())).map(ExplicitWatermarks::decode),
                context.getObjectIdentifier().getObjectName());
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        Map<String, String> options = context.getCatalogTable().getOptions();
        String collectAs = options.get(COLLECT_AS.key());
        if (collectAs == null) {
            throw new IllegalArgumentException("Table " + context.getObjectIdentifier() + " of connector " + IDENTIFIER
                    + " is written to, but names no '" + COLLECT_AS.key() + "'.");
        }
        return new TestRowsSink(
                (RowType) context.getPhysicalRowDataType().getLogicalType(),
                collectAs,
                Integer.parseInt(options.getOrDefault(MAX_ROWS.key(), String.valueOf(MAX_ROWS.defaultValue()))));
    }
}
