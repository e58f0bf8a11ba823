package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalRank;

import java.util.List;

/**
 * A top-N or deduplication outside a window (ROW_NUMBER() OVER (PARTITION BY ...)) keeps state per partition key
 * forever; Flink 2.2 plans deduplication as a rank too. Window top-N and window deduplication are other nodes.
 */
final class UnboundedRankState implements Lint {

    @Override
    public String code() {
        return "UNBOUNDED_RANK_STATE";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        if (PlanTree.stateTtlConfigured(planned.config())) {
            return List.of();
        }
        return PlanTree.nodes(planned.optimizedRoots(), StreamPhysicalRank.class)
                .filter(rank -> !rank.partitionKey().isEmpty() && PlanTree.unbounded(rank.getInput()))
                .map(
                        rank -> warning(
                                planned.statement().statement().span(),
                                "A top-N or deduplication over " + PlanTree.tableNames(rank.getInput())
                                        + " keeps state for every partition key forever.",
                                "Set a state TTL (SET 'table.exec.state.ttl' = '1 d'), or rank within a window"
                                        + " (ROW_NUMBER() over a window TVF's window_start, window_end) so state is freed as windows close."))
                .toList();
    }
}
