package dev.sluice.gateway.pipeline.policy;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.flink.table.operations.ExplainOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.planner.operations.PlannerQueryOperation;

import java.util.List;
import java.util.function.Consumer;

/**
 * The logical plans a statement would run, walked node by node and call by call. Rules look at plans rather than SQL
 * text because a plan has views expanded, hints attached to the node they govern, intervals as numbers and dynamic
 * table options merged into each scanned table: nothing written in the SQL can hide from them.
 */
public final class PlannedQueries {

    private final List<RelNode> roots;

    private PlannedQueries(List<RelNode> roots) {
        this.roots = roots;
    }

    /** A query's plan, an INSERT's, each of a statement set's, a CREATE TABLE AS's, or an EXPLAIN's; none for anything else. */
    public static PlannedQueries of(Operation operation) {
        return new PlannedQueries(plans(operation));
    }

    private static List<RelNode> plans(Operation operation) {
        if (operation instanceof ExplainOperation explain) {
            // EXPLAIN plans its statement, which may read a source's files for statistics.
            return plans(explain.getChild());
        }
        if (operation instanceof PlannerQueryOperation query) {
            return List.of(query.getCalciteTree());
        }
        if (operation instanceof ModifyOperation modify) {
            return plans(modify.getChild());
        }
        if (operation instanceof StatementSetOperation set) {
            return set.getOperations().stream()
                    .flatMap(modify -> plans(modify).stream())
                    .toList();
        }
        return List.of();
    }

    /** Every node, including those of sub-queries inside expressions. */
    public void forEachNode(Consumer<RelNode> action) {
        roots.forEach(root -> walk(root, action, call -> {}));
    }

    /** Every call in every node's expressions, nested calls included. */
    public void forEachCall(Consumer<RexCall> action) {
        roots.forEach(root -> walk(root, node -> {}, action));
    }

    private static void walk(RelNode root, Consumer<RelNode> nodes, Consumer<RexCall> calls) {
        RexShuttle callVisitor = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                calls.accept(call);
                return super.visitCall(call);
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                walk(subQuery.rel, nodes, calls);
                return super.visitSubQuery(subQuery);
            }
        };
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                nodes.accept(node);
                node.accept(callVisitor);
                super.visit(node, ordinal, parent);
            }
        }.go(root);
    }
}
