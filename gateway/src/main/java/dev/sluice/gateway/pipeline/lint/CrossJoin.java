package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalJoin;

import java.util.List;

/** A join without an equality condition cannot be partitioned: every row meets every row, on one task. */
final class CrossJoin implements Lint {

    @Override
    public String code() {
        return "CROSS_JOIN";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        return PlanTree.nodes(planned.optimizedRoots(), StreamPhysicalJoin.class)
                .filter(join -> join.analyzeCondition().leftKeys.isEmpty())
                .map(join -> warning(
                        planned.statement().statement().span(),
                        "The join of " + PlanTree.tableNames(join.getLeft()) + " and "
                                + PlanTree.tableNames(join.getRight())
                                + " has no equality condition: every row meets every row, on a single task.",
                        "Join on equal keys (ON a.k = b.k); for a small reference table use a lookup join"
                                + " (FOR SYSTEM_TIME AS OF a.proc_time)."))
                .toList();
    }
}
