package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.WindowShape;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Legacy group windows ({@code GROUP BY TUMBLE(ts, ...)}, {@code HOP(...)}, {@code SESSION(...)}), run by Flink's
 * window operator rather than the slicing one. A tumbling window and a session keep per key what the window TVF
 * aggregation keeps (one accumulator and timer per key and window; a session its merging-window set as well), so
 * their figures are the window aggregate's. A sliding window shares no slices: a row updates the accumulator of each
 * of the size / slide windows it belongs to, and each of them is kept, fired and freed like a tumbling window of the
 * same size, so state, output, fires and state accesses are a tumbling window's times size / slide.
 */
final class GroupWindowAggregateFormula implements Formula {

    private final Formula windowAggregate;

    GroupWindowAggregateFormula(Formula windowAggregate) {
        this.windowAggregate = requireNonNull(windowAggregate, "windowAggregate is null");
    }

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        WindowShape window = node.window();
        if (window.type() != WindowShape.Type.HOP) {
            Outcome same = windowAggregate.apply(node.as(OperatorKind.WINDOW_AGGREGATE, window), inputs, context);
            return with(
                    same,
                    1,
                    new Assumption(
                            node.name() + " legacy window",
                            "a legacy " + window.type() + " window keeps per key what the window TVF keeps",
                            Origin.PLAN));
        }
        double windows = (double) window.size().toMillis() / window.slice().toMillis();
        Outcome tumbling = windowAggregate.apply(
                node.as(OperatorKind.WINDOW_AGGREGATE, WindowShape.tumble(window.size())), inputs, context);
        return with(
                tumbling,
                windows,
                new Assumption(
                        node.name() + " legacy window",
                        "a legacy sliding window keeps each of the " + WindowAggregateFormula.fmt(windows)
                                + " windows a row belongs to as a tumbling window of its own (no shared slices)",
                        Origin.PLAN));
    }

    /** {@code outcome} for {@code times} windows in place of one, with {@code why}. */
    private static Outcome with(Outcome outcome, double times, Assumption why) {
        List<Assumption> used = new ArrayList<>(outcome.assumptions());
        used.add(why);
        return new Outcome(
                outcome.outputRate() * times,
                outcome.outputRecords() * times,
                Math.round(outcome.stateEntries() * times),
                outcome.stateBytes() * times,
                outcome.snapshotBytes() * times,
                outcome.fireReadsPerSecond() * times,
                outcome.fireValuesPerSecond() * times,
                outcome.stateAccessesPerRecord() * times,
                outcome.rewrittenBytes() * times,
                outcome.unboundedState(),
                used);
    }
}
