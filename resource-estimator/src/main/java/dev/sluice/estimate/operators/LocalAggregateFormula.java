package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The local half of a two-phase aggregation, chained to its input: it keeps no keyed state and stands for the same
 * rows, but sends on partial accumulators. A local window aggregate buffers one accumulator per key and slice and
 * flushes the buffer when the watermark passes a slice's end and before every checkpoint: between two flushes, a
 * {@code period = 1 / (1 / slice + 1 / checkpoint interval)}, it holds one accumulator per key its rows drew
 * ({@link SliceKeys#distinct}), so it sends {@code distinct(keys, rows × period) / period} records per second. A local group aggregate flushes
 * per mini-batch, whose size the model does not know: it is credited no reduction, which errs on the safe side.
 */
final class LocalAggregateFormula implements Formula {

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        double rate = inputs.stream().mapToDouble(Flow::rate).sum();
        if (node.window() == null) {
            return Outcome.stateless(rate, List.of());
        }
        double slice = WindowAggregateFormula.seconds(node.window().slice().toMillis());
        double period = 1 / (1 / slice + 1 / context.checkpointSeconds());
        ModelContext.Counted keys = context.distinct(node.keys());
        double records = SliceKeys.distinct(keys.value(), rate * period) / period;
        List<Assumption> used = new ArrayList<>(keys.assumptions());
        used.add(context.checkpointAssumption());
        used.add(new Assumption(
                node.name() + " partials",
                "one partial accumulator per key at each slice end and checkpoint: "
                        + WindowAggregateFormula.fmt(records) + " records/s for " + WindowAggregateFormula.fmt(rate)
                        + " rows/s",
                Origin.PLAN));
        return Outcome.stateless(rate, records, used);
    }
}
