package dev.sluice.udf.testrows;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;

import static java.util.Objects.requireNonNull;

/**
 * Collects every row that reaches it, with its kind, in one task, into a job accumulator: the job's result carries
 * them back to whoever ran it, from an embedded or a remote cluster alike. It takes every kind of change, so an
 * updating query's full changelog is seen.
 */
final class TestRowsSink implements DynamicTableSink {

    private final RowType type;
    private final String collectAs;
    private final int maxRows;

    TestRowsSink(RowType type, String collectAs, int maxRows) {
        this.type = requireNonNull(type, "type is null");
        this.collectAs = requireNonNull(collectAs, "collectAs is null");
        this.maxRows = maxRows;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.all();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return (DataStreamSinkProvider)
                (provider, rows) -> rows.process(new Collect(type, collectAs, maxRows), rows.getType())
                        .setParallelism(1)
                        .sinkTo(new DiscardingSink<>())
                        .setParallelism(1);
    }

    @Override
    public DynamicTableSink copy() {
        return new TestRowsSink(type, collectAs, maxRows);
    }

    @Override
    public String asSummaryString() {
        return "test rows collector";
    }

    /** Adds each row's bytes to the accumulator, up to one more than the most it keeps. */
    private static final class Collect extends ProcessFunction<RowData, RowData> {

        private static final long serialVersionUID = 1L;

        private final RowType type;
        private final String collectAs;
        private final int maxRows;
        private transient RowDataSerializer serializer;
        private transient ListAccumulator<byte[]> collected;

        Collect(RowType type, String collectAs, int maxRows) {
            this.type = type;
            this.collectAs = collectAs;
            this.maxRows = maxRows;
        }

        @Override
        public void open(OpenContext openContext) {
            serializer = new RowDataSerializer(type);
            collected = new ListAccumulator<>();
            getRuntimeContext().addAccumulator(collectAs, collected);
        }

        @Override
        public void processElement(RowData row, Context context, Collector<RowData> out) {
            if (collected.getLocalValue().size() <= maxRows) {
                collected.add(TestRows.toBytes(serializer, row));
            }
        }
    }
}
