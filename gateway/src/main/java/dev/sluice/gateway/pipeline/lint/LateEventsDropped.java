package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.WatermarkSpec;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGroupWindowAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalRel;

import java.util.List;

/**
 * An event-time window fires when the watermark passes its end, and drops every row that arrives after that.
 * {@code WATERMARK FOR ts AS ts} promises rows in timestamp order, so any row that is out of order by even a
 * millisecond is dropped, silently. Window TVF aggregations have no allowed lateness in Flink 2.2; GROUP BY TUMBLE
 * windows do ({@code table.exec.emit.allow-lateness} with late firing), which also keeps such rows.
 */
final class LateEventsDropped implements Lint {

    @Override
    public String code() {
        return "LATE_EVENTS_DROPPED";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        return WindowNodes.tablesUnder(
                        planned.optimizedRoots(), window -> WindowNodes.onEventTime(window) && !allowsLateness(window))
                .stream()
                .filter(LateEventsDropped::watermarkWithoutDelay)
                .map(table -> {
                    String rowtime =
                            table.getResolvedSchema().getWatermarkSpecs().get(0).getRowtimeAttribute();
                    return warning(
                            StatementText.positionOf(
                                    planned.statement().statement(),
                                    table.getIdentifier().getObjectName()),
                            "An event-time window over `"
                                    + table.getIdentifier().getObjectName() + "`, whose watermark (WATERMARK FOR "
                                    + rowtime + " AS " + rowtime
                                    + ") allows no out-of-order rows: late rows are dropped silently.",
                            "Give the watermark a delay that covers how late rows arrive: WATERMARK FOR " + rowtime
                                    + " AS " + rowtime + " - INTERVAL '5' SECOND.");
                })
                .toList();
    }

    private static boolean allowsLateness(StreamPhysicalRel window) {
        return window instanceof StreamPhysicalGroupWindowAggregate groupWindow
                && groupWindow.emitStrategy().getAllowLateness() > 0;
    }

    private static boolean watermarkWithoutDelay(ContextResolvedTable table) {
        List<WatermarkSpec> watermarks = table.getResolvedSchema().getWatermarkSpecs();
        return !watermarks.isEmpty()
                && watermarks
                        .get(0)
                        .getWatermarkExpression()
                        .asSerializableString()
                        .replace("`", "")
                        .equals(watermarks.get(0).getRowtimeAttribute());
    }
}
