package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.MatchPattern;
import dev.sluice.estimate.model.OperatorNode;

import java.util.ArrayList;
import java.util.List;

/**
 * MATCH_RECOGNIZE (Flink's CEP operator) keeps per partition key: in event time the rows waiting for the watermark in
 * a map state by time, with an event-time timer per key and time ({@code CepOperator.bufferEvent}); the NFA's
 * computation states; and, in the shared buffer, the rows partial matches hold, each with a node of the match graph.
 *
 * <p>MATCH_RECOGNIZE's sequences are strictly contiguous: a partial match that the key's next row does not continue
 * is dropped, and the shared buffer releases its rows at once (a row no partial match takes is never stored: the
 * NFA's {@code EventWrapper} registers it only when a computation state asks for its id). So a
 * key holds at most the rows of the partial matches its last rows started: for a pattern whose longest match is L
 * rows, the last L − 1 rows; with a looping quantifier ({@code B+}), a loop lasts while rows keep matching, taken as
 * the default filter selectivity s per row (s / (1 − s) rows more, flagged). WITHIN caps either at the key's rows
 * within it; without WITHIN a looping partial match may wait forever and the state is flagged unbounded. A match
 * spans at least one row per pattern variable, so at most rate / variables matches leave per second.
 */
final class MatchFormula implements Formula {

    /** A row's time (the queue's key and its timer's time) or its id in the shared buffer. */
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
        double waiting = in.rate() * late;
        double within = pattern.within() != null
                ? pattern.within().toMillis() / 1000.0
                : context.profile().unboundedHorizonSeconds();
        double heldKeys = Math.max(1, Math.min(keys.value(), in.rate() * Math.max(within, late)));
        double partialRows;
        if (pattern.longestMatch() != null) {
            partialRows = pattern.longestMatch() - 1;
            used.add(new Assumption(
                    node.name() + " buffer",
                    "strict contiguity: a key holds at most the last " + partialRows + " rows, those partial matches"
                            + " of at most " + pattern.longestMatch() + " rows may still use",
                    Origin.PLAN));
        } else {
            double s = context.profile().defaultFilterSelectivity();
            partialRows = pattern.variables() - 1 + s / (1 - s);
            used.add(new Assumption(
                    node.name() + " buffer",
                    "a looping quantifier holds its rows while they keep matching: each row taken to match with the"
                            + " default selectivity " + s + ", " + WindowAggregateFormula.fmt(partialRows)
                            + " rows per key"
                            + (pattern.within() == null
                                    ? "; without WITHIN a partial match may wait forever (add WITHIN to bound it)"
                                    : ""),
                    Origin.DEFAULT));
        }
        double buffered = heldKeys * Math.min(partialRows, in.rate() / heldKeys * within);
        StateSize state = new StateSize(context)
                .mapEntries(waiting, heldKeys, node.keyBytes(), ID_BYTES + in.rowBytes())
                .values(waiting, node.keyBytes() + ID_BYTES)
                .mapEntries(buffered, heldKeys, node.keyBytes(), ID_BYTES + in.rowBytes())
                .mapEntries(buffered, heldKeys, node.keyBytes(), NODE_BYTES)
                .values(heldKeys, node.keyBytes() + NFA_BYTES);
        used.add(new Assumption(
                node.name() + " matches",
                "at most one match per " + pattern.variables() + " rows (one per pattern variable)",
                Origin.DEFAULT));
        // Without WITHIN, a looping partial match may wait forever, and a key's NFA stays once the key is seen.
        boolean unbounded = pattern.within() == null && (pattern.longestMatch() == null || keys.guessed());
        return new Outcome(in.rate() / pattern.variables(), state, unbounded, used);
    }
}
