package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.flink.table.planner.hint.StateTtlHint;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalJoin;

import java.util.List;
import java.util.Map;

/** A regular join of two unbounded inputs keeps every row of both sides until a state TTL lets it go. */
final class UnboundedJoinState implements Lint {

    @Override
    public String code() {
        return "UNBOUNDED_JOIN_STATE";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        if (PlanTree.stateTtlConfigured(planned.config())) {
            return List.of();
        }
        return PlanTree.nodes(planned.optimizedRoots(), StreamPhysicalJoin.class)
                .filter(join -> PlanTree.unbounded(join.getLeft()) && PlanTree.unbounded(join.getRight()))
                .filter(join -> !ttlHintOnBothSides(join))
                .map(join -> warning(
                        planned.statement().statement().span(),
                        "A regular join of " + PlanTree.tableNames(join.getLeft()) + " and "
                                + PlanTree.tableNames(join.getRight())
                                + " keeps every row of both unbounded inputs in state forever.",
                        "Set a state TTL (SET 'table.exec.state.ttl' = '1 h', or a /*+ STATE_TTL('t' = '1h') */ hint on both"
                                + " sides), or join on event time with an interval or temporal join."))
                .toList();
    }

    private static boolean ttlHintOnBothSides(StreamPhysicalJoin join) {
        Map<Integer, Long> ttlBySide = StateTtlHint.getStateTtlFromHintOnBiRel(join.getHints());
        return ttlBySide.getOrDefault(0, 0L) > 0 && ttlBySide.getOrDefault(1, 0L) > 0;
    }
}
