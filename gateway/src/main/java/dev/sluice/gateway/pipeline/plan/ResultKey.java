package dev.sluice.gateway.pipeline.plan;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Exchange;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.flink.table.planner.plan.metadata.FlinkRelMdUniqueKeys;
import org.apache.flink.table.planner.plan.metadata.FlinkRelMetadataQuery;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowAggregateBase;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The columns that identify a query's rows, read from its optimized plan: the smallest upsert key of what its collect
 * sink receives, else (for rows that are only inserted) its smallest unique key. For {@code SELECT window_start,
 * user_id, COUNT(*) ... GROUP BY window_start, window_end, user_id} it is {@code (window_start, user_id)}: a row with
 * the same values there replaces an earlier one, and the other columns are what was measured. Clients (the console's
 * chart) tell grouping keys from measures by it.
 */
public final class ResultKey {

    private ResultKey() {}

    /** The key's column names in the result's order; empty when rows have no key (e.g. a plain scan). */
    public static List<String> of(RelNode queryRoot) {
        // A query's root is the sink that collects its rows; its one input is the result.
        RelNode result = queryRoot.getInputs().size() == 1 ? queryRoot.getInput(0) : queryRoot;
        Set<ImmutableBitSet> keys = keysOf(
                result, FlinkRelMetadataQuery.reuseOrCreate(result.getCluster().getMetadataQuery()));
        if (keys == null || keys.isEmpty()) {
            return List.of();
        }
        List<String> fields = result.getRowType().getFieldNames();
        // The smallest key, and of keys as small the one on the earliest columns, so the answer is stable.
        ImmutableBitSet smallest = keys.stream()
                .min(Comparator.comparingInt(ImmutableBitSet::cardinality).thenComparing(ImmutableBitSet.COMPARATOR))
                .orElseThrow();
        return smallest.asList().stream().map(fields::get).toList();
    }

    private static Set<ImmutableBitSet> keysOf(RelNode node, FlinkRelMetadataQuery metadata) {
        Set<ImmutableBitSet> keys = metadata.getUpsertKeys(node);
        if (keys == null || keys.isEmpty()) {
            keys = metadata.getUniqueKeys(node);
        }
        if (keys != null && !keys.isEmpty()) {
            return keys;
        }
        // Flink's metadata knows the keys of a GROUP BY but not of a window table function's aggregation (TUMBLE,
        // HOP, CUMULATE), nor so of the projections above it: its keys are its group and a window bound.
        FlinkRelMdUniqueKeys uniqueKeys = FlinkRelMdUniqueKeys.INSTANCE();
        if (node instanceof StreamPhysicalWindowAggregateBase window) {
            return uniqueKeys.getUniqueKeysOnWindowAgg(
                    window.getRowType().getFieldCount(), window.namedWindowProperties(), window.grouping());
        }
        if (node instanceof Calc calc) {
            RexProgram program = calc.getProgram();
            List<RexNode> projects = program.getProjectList().stream()
                    .map(program::expandLocalRef)
                    .toList();
            return uniqueKeys.getProjectUniqueKeys(
                    projects, calc.getCluster().getTypeFactory(), () -> keysOf(calc.getInput(), metadata), false);
        }
        if (node instanceof Exchange exchange) {
            return keysOf(exchange.getInput(), metadata);
        }
        return Set.of();
    }
}
