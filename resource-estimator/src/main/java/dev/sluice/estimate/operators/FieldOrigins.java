package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.KeyRef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalCalcBase;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGroupAggregateBase;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalTableSourceScan;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowAggregateBase;
import org.apache.flink.table.planner.plan.schema.TableSourceTable;

/**
 * Traces a column of a node's output back to the source column it is a copy of, so that a {@code distinctKeys} hint
 * given for the source column applies to keys computed from it downstream. A computed column traces to nothing.
 */
final class FieldOrigins {

    private FieldOrigins() {}

    static KeyRef trace(RelNode node, int index) {
        String name = node.getRowType().getFieldNames().get(index);
        RelNode current = node;
        int field = index;
        while (true) {
            if (current instanceof StreamPhysicalTableSourceScan scan) {
                String table = scan.getTable()
                        .unwrap(TableSourceTable.class)
                        .contextResolvedTable()
                        .getIdentifier()
                        .getObjectName();
                return new KeyRef(table, scan.getRowType().getFieldNames().get(field));
            }
            if (current instanceof StreamPhysicalCalcBase calc) {
                RexProgram program = calc.getProgram();
                RexNode expression =
                        program.expandLocalRef(program.getProjectList().get(field));
                if (!(expression instanceof RexInputRef ref)) {
                    return new KeyRef(null, name);
                }
                field = ref.getIndex();
                current = calc.getInput();
            } else if (current instanceof StreamPhysicalGroupAggregateBase aggregate
                    && field < aggregate.grouping().length) {
                field = aggregate.grouping()[field];
                current = aggregate.getInput();
            } else if (current instanceof StreamPhysicalWindowAggregateBase aggregate
                    && field < aggregate.grouping().length) {
                field = aggregate.grouping()[field];
                current = aggregate.getInput();
            } else if (current.getInputs().size() == 2) {
                int leftCount = current.getInput(0).getRowType().getFieldCount();
                if (current.getRowType().getFieldCount() < leftCount) {
                    return new KeyRef(null, name);
                }
                current = field < leftCount ? current.getInput(0) : current.getInput(1);
                field = field < leftCount ? field : field - leftCount;
            } else if (current.getInputs().size() == 1
                    && field < current.getInput(0).getRowType().getFieldCount()
                    && current.getInput(0)
                            .getRowType()
                            .getFieldNames()
                            .get(field)
                            .equals(current.getRowType().getFieldNames().get(field))) {
                // Exchanges, watermark assigners, window TVFs, ranks: the input's columns come first, unchanged.
                current = current.getInput(0);
            } else {
                return new KeyRef(null, name);
            }
        }
    }
}
