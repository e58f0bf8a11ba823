package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.flink.table.planner.hint.StateTtlHint;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGlobalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGroupAggregateBase;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A group aggregation (and SELECT DISTINCT, which is one) keeps an accumulator per key; over an unbounded input the
 * keys never stop coming. Without grouping keys there is one accumulator, which does not grow, so it is not reported.
 */
final class UnboundedAggregateState implements Lint {

    @Override
    public String code() {
        return "UNBOUNDED_AGGREGATE_STATE";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        if (PlanTree.stateTtlConfigured(planned.config())) {
            return List.of();
        }
        return PlanTree.nodes(planned.optimizedRoots(), StreamPhysicalGroupAggregateBase.class)
                // The local half of a two-phase aggregation keeps no state; its global half is reported.
                .filter(aggregate -> aggregate instanceof StreamPhysicalGroupAggregate
                        || aggregate instanceof StreamPhysicalGlobalGroupAggregate)
                .filter(aggregate -> aggregate.grouping().length > 0 && PlanTree.unbounded(aggregate.getInput()))
                .filter(aggregate -> !hasTtlHint(aggregate))
                .map(
                        aggregate -> warning(
                                planned.statement().statement().span(),
                                "A group aggregation by " + keys(aggregate) + " over "
                                        + PlanTree.tableNames(aggregate.getInput())
                                        + " keeps one state entry per key forever.",
                                "Set a state TTL (SET 'table.exec.state.ttl' = '1 d', or a /*+ STATE_TTL('t' = '1d') */ hint), or"
                                        + " aggregate in event-time windows (TUMBLE/HOP/CUMULATE), whose state is freed as they close."))
                .toList();
    }

    private static boolean hasTtlHint(StreamPhysicalGroupAggregateBase aggregate) {
        Long ttl = StateTtlHint.getStateTtlFromHintOnSingleRel(aggregate.hints());
        return ttl != null && ttl > 0;
    }

    private static String keys(StreamPhysicalGroupAggregateBase aggregate) {
        List<String> fields = aggregate.getInput().getRowType().getFieldNames();
        return Arrays.stream(aggregate.grouping()).mapToObj(fields::get).collect(Collectors.joining(", ", "(", ")"));
    }
}
