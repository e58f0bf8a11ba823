package dev.sluice.gateway.pipeline.lint;

import org.apache.calcite.rel.RelNode;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalTableSourceScan;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalValues;
import org.apache.flink.table.planner.plan.schema.TableSourceTable;
import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Walks an optimized physical plan and answers what several lints ask of it. */
final class PlanTree {

    private PlanTree() {}

    /** Every node of the plan once, though a node shared by several sinks is reachable from each. */
    static Stream<RelNode> nodes(List<RelNode> roots) {
        Set<RelNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<RelNode> ordered = new ArrayList<>();
        roots.forEach(root -> collect(root, seen, ordered));
        return ordered.stream();
    }

    static <T> Stream<T> nodes(List<RelNode> roots, Class<T> type) {
        return nodes(roots).filter(type::isInstance).map(type::cast);
    }

    private static void collect(RelNode node, Set<RelNode> seen, List<RelNode> ordered) {
        if (seen.add(node)) {
            ordered.add(node);
            node.getInputs().forEach(input -> collect(input, seen, ordered));
        }
    }

    /** The tables read by the subtree under (and including) a node. */
    static Stream<ContextResolvedTable> sourceTables(RelNode node) {
        return nodes(List.of(node), StreamPhysicalTableSourceScan.class)
                .map(scan -> scan.getTable().unwrap(TableSourceTable.class).contextResolvedTable());
    }

    /** Each table once, in the order first met. */
    static List<ContextResolvedTable> distinct(Stream<ContextResolvedTable> tables) {
        Map<ObjectIdentifier, ContextResolvedTable> byName = new LinkedHashMap<>();
        tables.forEach(table -> byName.putIfAbsent(table.getIdentifier(), table));
        return List.copyOf(byName.values());
    }

    /** The names of the tables a subtree reads, for messages: "`orders` and `users`". */
    static String tableNames(RelNode node) {
        List<String> names = sourceTables(node)
                .map(table -> "`" + table.getIdentifier().getObjectName() + "`")
                .distinct()
                .toList();
        return names.isEmpty() ? "a values list" : String.join(" and ", names);
    }

    /** Whether the subtree reads a source that never ends, so state kept for it keeps growing. */
    static boolean unbounded(RelNode node) {
        if (node instanceof StreamPhysicalTableSourceScan scan) {
            return !(scan.getTable().unwrap(TableSourceTable.class).tableSource() instanceof ScanTableSource source
                    && source.getScanRuntimeProvider(ScanRuntimeProviderContext.INSTANCE)
                            .isBounded());
        }
        if (node.getInputs().isEmpty()) {
            return !(node instanceof StreamPhysicalValues);
        }
        return node.getInputs().stream().anyMatch(PlanTree::unbounded);
    }

    /** Whether {@code table.exec.state.ttl} lets Flink drop state that has not been touched for a while. */
    static boolean stateTtlConfigured(ReadableConfig config) {
        return config.get(ExecutionConfigOptions.IDLE_STATE_RETENTION).toMillis() > 0;
    }
}
