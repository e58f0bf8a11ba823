package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/**
 * Operators that keep no keyed state: rows pass through, a filter keeps a share of them. Records pass as they come:
 * an exchange behind a local pre-aggregate carries its partial accumulators.
 */
final class StatelessFormula implements Formula {

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        double in = inputs.stream().mapToDouble(Flow::rate).sum();
        double records = inputs.stream().mapToDouble(Flow::records).sum();
        if (node.kind() == OperatorKind.CALC && node.filter()) {
            double selectivity = context.profile().defaultFilterSelectivity();
            return Outcome.stateless(
                    in * selectivity,
                    records * selectivity,
                    List.of(new Assumption(
                            node.name() + " selectivity",
                            "the filter keeps " + selectivity + " of the rows (default)",
                            Origin.DEFAULT)));
        }
        if (node.kind() == OperatorKind.OTHER) {
            return Outcome.stateless(
                    in,
                    records,
                    List.of(new Assumption(
                            node.name(),
                            "no formula for this operator: counted as a stateless pass-through",
                            Origin.DEFAULT)));
        }
        return Outcome.stateless(in, records, List.of());
    }
}
