package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;

import java.util.List;

/**
 * A window on processing time over a table that declares event time: its results depend on when rows happen to
 * arrive (replays, backfills and lag all change them), though the table says when each row happened.
 */
final class ProctimeWindowOnEventTimeTable implements Lint {

    @Override
    public String code() {
        return "PROCTIME_WINDOW_ON_EVENT_TIME_TABLE";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        return WindowNodes.tablesUnder(planned.optimizedRoots(), window -> !WindowNodes.onEventTime(window)).stream()
                .filter(table -> !table.getResolvedSchema().getWatermarkSpecs().isEmpty())
                .map(
                        table -> warning(
                                StatementText.positionOf(
                                        planned.statement().statement(),
                                        table.getIdentifier().getObjectName()),
                                "A processing-time window over `"
                                        + table.getIdentifier().getObjectName() + "`, which has the event-time"
                                        + " column `"
                                        + table.getResolvedSchema()
                                                .getWatermarkSpecs()
                                                .get(0)
                                                .getRowtimeAttribute()
                                        + "`: results depend on when rows arrive, not on when they happened.",
                                "Window on the event-time column (DESCRIPTOR("
                                        + table.getResolvedSchema()
                                                .getWatermarkSpecs()
                                                .get(0)
                                                .getRowtimeAttribute()
                                        + ")) instead of a PROCTIME() column, so replays and late arrivals give the same results."))
                .toList();
    }
}
