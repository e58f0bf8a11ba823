package dev.sluice.udf.testrows;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.table.data.RowData;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The watermarks a test wrote among its rows, instead of the table's strategy: each one emitted right after the row it
 * follows, and nothing else until the end of input brings the maximum. Records keep the timestamps the table's own
 * strategy assigns them. Only correct at parallelism 1, where one generator sees every row in order.
 */
public final class ExplicitWatermarks implements WatermarkStrategy<RowData> {

    private static final long serialVersionUID = 1L;

    private final WatermarkStrategy<RowData> table;
    private final List<Mark> marks;

    /** A watermark of {@code millis} (event time in epoch milliseconds) emitted after the first {@code afterRows} rows. */
    public record Mark(int afterRows, long millis) implements Serializable {}

    ExplicitWatermarks(WatermarkStrategy<RowData> table, List<Mark> marks) {
        this.table = requireNonNull(table, "table is null");
        this.marks = List.copyOf(marks);
    }

    /** Marks as {@link #encode} writes them: {@code afterRows:millis} separated by commas; empty for none. */
    static List<Mark> decode(String encoded) {
        if (encoded.isEmpty()) {
            return List.of();
        }
        List<Mark> marks = new ArrayList<>();
        for (String mark : encoded.split(",")) {
            String[] parts = mark.split(":", 2);
            marks.add(new Mark(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
        }
        return marks;
    }

    /** The value of the option {@link TestRowsFactory#EXPLICIT_WATERMARKS}. */
    public static String encode(List<Mark> marks) {
        return marks.stream()
                .map(mark -> mark.afterRows() + ":" + mark.millis())
                .collect(Collectors.joining(","));
    }

    @Override
    public WatermarkGenerator<RowData> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        int[] after = marks.stream().mapToInt(Mark::afterRows).toArray();
        long[] millis = marks.stream().mapToLong(Mark::millis).toArray();
        return new WatermarkGenerator<>() {
            private int seen;
            private int next;

            @Override
            public void onEvent(RowData event, long eventTimestamp, WatermarkOutput output) {
                seen++;
                while (next < after.length && after[next] == seen) {
                    output.emitWatermark(new Watermark(millis[next++]));
                }
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                // Only the test's own watermarks, where it wrote them.
            }
        };
    }

    @Override
    public TimestampAssigner<RowData> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return table.createTimestampAssigner(context);
    }
}
