package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/**
 * Operators that keep no keyed state: rows pass through, a filter keeps a share of them, a union adds its inputs up.
 * Records pass as they come: an exchange behind a local pre-aggregate carries its partial accumulators.
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
        if (node.kind() == OperatorKind.LOOKUP_JOIN) {
            return Outcome.stateless(
                    in,
                    records,
                    List.of(new Assumption(
                            node.name(),
                            "one lookup per row, each meeting one row; the external system's latency and any lookup"
                                    + " cache are not counted",
                            Origin.DEFAULT)));
        }
        if (node.kind() == OperatorKind.OTHER) {
            return Outcome.stateless(
                    in,
                    records,
                    List.of(new Assumption(
                            node.name(),
                            "no formula for this Flink operator (or it could not be read): counted as a stateless"
                                    + " pass-through, its state (if any) not counted",
                            Origin.DEFAULT)));
        }
        return Outcome.stateless(in, records, List.of());
    }
}
