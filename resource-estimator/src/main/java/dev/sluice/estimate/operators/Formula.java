package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.OperatorNode;

import java.util.List;

/** The formulas of one operator kind: output rate and state from the node and the flows entering it. */
interface Formula {

    Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context);
}
