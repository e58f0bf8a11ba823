package dev.sluice.udf.testrows;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A bounded source of given rows, read in their order by one task. The table's WATERMARK strategy is pushed into it
 * by the planner and applied here, as a real connector applies it; with {@code scan.watermark.emit.strategy =
 * on-event} the watermark follows every row, so a late row is late exactly as the strategy says, whatever the speed.
 * A test may write its own watermarks among the rows instead ({@link ExplicitWatermarks}). At the end of input the
 * watermark reaches its maximum, so every window fires.
 */
final class TestRowsSource implements ScanTableSource, SupportsWatermarkPushDown {

    private final RowType type;
    private final String rows;
    private final Optional<List<ExplicitWatermarks.Mark>> explicitWatermarks;
    private final String tableName;
    private WatermarkStrategy<RowData> watermarks = WatermarkStrategy.noWatermarks();

    /** @param explicitWatermarks the test's own watermarks, instead of the table's strategy; empty for the strategy */
    TestRowsSource(
            RowType type, String rows, Optional<List<ExplicitWatermarks.Mark>> explicitWatermarks, String tableName) {
        this.type = requireNonNull(type, "type is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.explicitWatermarks = requireNonNull(explicitWatermarks, "explicitWatermarks is null");
        this.tableName = requireNonNull(tableName, "tableName is null");
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarks = requireNonNull(watermarkStrategy, "watermarkStrategy is null");
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext provider, StreamExecutionEnvironment environment) {
                List<RowData> given = rows.isEmpty() ? List.of() : TestRows.decode(type, rows);
                TypeInformation<RowData> info = InternalTypeInfo.of(type);
                String name = "test rows of " + tableName;
                if (given.isEmpty()) {
                    // A generator source makes at least one row: no rows are one placeholder, dropped at once. The end
                    // of
                    // input still brings the maximum watermark.
                    DataGeneratorSource<RowData> placeholder = new DataGeneratorSource<>(
                            new FromElementsGeneratorFunction<>(
                                    info,
                                    environment.getConfig(),
                                    List.<RowData>of(new GenericRowData(type.getFieldCount()))),
                            1,
                            info);
                    return environment
                            .fromSource(placeholder, WatermarkStrategy.noWatermarks(), name, info)
                            .setParallelism(1)
                            .filter(row -> false)
                            .setParallelism(1);
                }
                DataGeneratorSource<RowData> source = new DataGeneratorSource<>(
                        new FromElementsGeneratorFunction<>(info, environment.getConfig(), given), given.size(), info);
                WatermarkStrategy<RowData> strategy = explicitWatermarks
                        .<WatermarkStrategy<RowData>>map(marks -> new ExplicitWatermarks(watermarks, marks))
                        .orElse(watermarks);
                return environment.fromSource(source, strategy, name, info).setParallelism(1);
            }

            @Override
            public boolean isBounded() {
                return true;
            }
        };
    }

    @Override
    public DynamicTableSource copy() {
        TestRowsSource copy = new TestRowsSource(type, rows, explicitWatermarks, tableName);
        copy.watermarks = watermarks;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "test rows";
    }
}
