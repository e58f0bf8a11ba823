package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.model.SourceInfo;

import java.util.ArrayList;
import java.util.List;

/** A source's rate, row size and out-of-orderness: the caller's hint, else the connector's, else a default. */
final class SourceFlows {

    private SourceFlows() {}

    static Flow of(SourceInfo source, ModelContext context) {
        SourceHints hints = context.hints(source.table());
        String table = source.table();
        List<Assumption> used = new ArrayList<>();
        double rate;
        if (hints.eventsPerSecond() != null) {
            rate = hints.eventsPerSecond();
            used.add(new Assumption(table + ".eventsPerSecond", rate + " rows/s (hint)", Origin.HINT));
        } else if (source.connectorRate() != null) {
            rate = source.connectorRate();
            used.add(new Assumption(
                    table + ".eventsPerSecond", rate + " rows/s, the connector's rows-per-second", Origin.CONNECTOR));
        } else {
            rate = context.profile().defaultEventsPerSecond();
            used.add(new Assumption(
                    table + ".eventsPerSecond",
                    rate + " rows/s (default; give rates." + table + ".eventsPerSecond)",
                    Origin.DEFAULT));
        }
        double rowBytes;
        if (hints.avgRowBytes() != null) {
            rowBytes = hints.avgRowBytes();
            used.add(new Assumption(table + ".avgRowBytes", rowBytes + " bytes per row (hint)", Origin.HINT));
        } else {
            rowBytes = source.schemaRowBytes();
            used.add(new Assumption(
                    table + ".avgRowBytes",
                    Math.round(rowBytes) + " bytes per row, from the column types",
                    Origin.PLAN));
        }
        long outOfOrderness;
        if (hints.outOfOrderness() != null) {
            outOfOrderness = hints.outOfOrderness().toMillis();
            used.add(new Assumption(table + ".outOfOrderness", outOfOrderness + " ms (hint)", Origin.HINT));
        } else if (source.watermarkDelay() != null) {
            outOfOrderness = source.watermarkDelay().toMillis();
            used.add(new Assumption(
                    table + ".outOfOrderness", outOfOrderness + " ms, the watermark's delay", Origin.CONNECTOR));
        } else {
            outOfOrderness = context.profile().defaultOutOfOrdernessMillis();
            used.add(new Assumption(table + ".outOfOrderness", outOfOrderness + " ms (default)", Origin.DEFAULT));
        }
        return new Flow(rate, rowBytes, outOfOrderness, used);
    }
}
