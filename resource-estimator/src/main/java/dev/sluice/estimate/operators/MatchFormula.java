package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.MatchPattern;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * MATCH_RECOGNIZE (Flink's CEP operator) keeps per partition key: in event time the rows waiting for the watermark,
 * sorted by time (rate × out-of-orderness); the rows partial matches may still use, in a shared buffer that keeps
 * each row and a node of the match graph (at most rate × the pattern's WITHIN window, as a partial match older than
 * that is dropped); and the NFA's computation states. Without WITHIN a partial match may wait forever: the buffer is
 * sized after the profile's horizon and flagged unbounded. A match spans at least one row per pattern variable, so at
 * most rate / variables matches leave per second; that bound is the estimate.
 */
final class MatchFormula implements Formula {

    /** A row's time (the queue's key) or its id in the shared buffer. */
    private static final double ID_BYTES = 8;
    /** A shared-buffer node: its id and the edge to the previous row of the match, with the version. */
    private static final double NODE_BYTES = 32;
    /** The NFA's computation states of a key, serialized, with no partial match open. */
    private static final double NFA_BYTES = 32;

    @Override
    public Outcome apply(OperatorNode node, List<Flow> inputs, ModelContext context) {
        Flow in = inputs.get(0);
        MatchPattern pattern = node.pattern();
        ModelContext.Counted keys = context.distinct(node.keys());
        List<Assumption> used = new ArrayList<>(keys.assumptions());
        double late = node.orderByRowtime() ? in.outOfOrdernessMillis() / 1000.0 : 0;
        double within;
        if (pattern.within() != null) {
            within = pattern.within().toMillis() / 1000.0;
            used.add(new Assumption(
                    node.name() + " buffer",
                    "rows kept while partial matches may use them: WITHIN " + pattern.within(),
                    Origin.PLAN));
        } else {
            within = context.profile().unboundedHorizonSeconds();
            used.add(new Assumption(
                    node.name() + " buffer",
                    "the pattern has no WITHIN: partial matches may wait forever; the buffer is sized after " + within
                            + " s and keeps growing (add WITHIN to bound it)",
                    Origin.DEFAULT));
        }
        double waiting = in.rate() * late;
        double buffered = in.rate() * within;
        double heldKeys = Math.max(1, Math.min(keys.value(), waiting + buffered));
        StateSize state = new StateSize(context)
                .mapEntries(waiting, heldKeys, node.keyBytes(), ID_BYTES + in.rowBytes())
                .mapEntries(buffered, heldKeys, node.keyBytes(), ID_BYTES + in.rowBytes())
                .mapEntries(buffered, heldKeys, node.keyBytes(), NODE_BYTES)
                .values(heldKeys, node.keyBytes() + NFA_BYTES);
        used.add(new Assumption(
                node.name() + " matches",
                "at most one match per " + pattern.variables() + " rows (one per pattern variable)",
                Origin.DEFAULT));
        return new Outcome(in.rate() / pattern.variables(), state, pattern.within() == null, used);
    }
}
