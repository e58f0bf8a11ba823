package dev.sluice.gateway.pipeline.lint;

import org.apache.calcite.rel.RelNode;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGlobalWindowAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGroupWindowAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalRel;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowAggregate;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The window aggregations of a plan: window TVF aggregations (one node, or the global half of a two-phase one) and
 * the older GROUP BY TUMBLE(...) windows. A window is on event time exactly when it needs a watermark.
 */
final class WindowNodes {

    private WindowNodes() {}

    /** The tables read under the window aggregations that {@code which} selects, each once. */
    static List<ContextResolvedTable> tablesUnder(List<RelNode> roots, Predicate<StreamPhysicalRel> which) {
        return PlanTree.distinct(windowAggregates(roots).filter(which).flatMap(PlanTree::sourceTables));
    }

    private static Stream<StreamPhysicalRel> windowAggregates(List<RelNode> roots) {
        return PlanTree.nodes(roots, StreamPhysicalRel.class)
                .filter(node -> node instanceof StreamPhysicalWindowAggregate
                        || node instanceof StreamPhysicalGlobalWindowAggregate
                        || node instanceof StreamPhysicalGroupWindowAggregate);
    }

    static boolean onEventTime(StreamPhysicalRel window) {
        return window.requireWatermark();
    }
}
