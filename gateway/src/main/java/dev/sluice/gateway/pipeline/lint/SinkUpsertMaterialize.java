package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.planner.plan.metadata.FlinkRelMetadataQuery;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalSink;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a sink's primary key is not an upsert key of the updates it receives, updates for one key can arrive out of
 * order, so Flink puts a materializer before the sink that keeps every row it has seen in state.
 */
final class SinkUpsertMaterialize implements Lint {

    @Override
    public String code() {
        return "SINK_UPSERT_MATERIALIZE";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        return PlanTree.nodes(planned.optimizedRoots(), StreamPhysicalSink.class)
                .filter(StreamPhysicalSink::upsertMaterialize)
                .map(sink -> {
                    ContextResolvedTable table = sink.contextResolvedTable();
                    String name = table.getIdentifier().getObjectName();
                    String primaryKey = table.getResolvedSchema()
                            .getPrimaryKey()
                            .map(UniqueConstraint::getColumns)
                            .map(columns -> "(" + String.join(", ", columns) + ")")
                            .orElse("()");
                    return warning(
                            StatementText.positionOf(planned.statement().statement(), name),
                            "The primary key " + primaryKey + " of sink `" + name
                                    + "` is not an upsert key of its input (" + upsertKeys(sink)
                                    + "): Flink adds a materializer that keeps every row in state.",
                            "Make the query's grouping or deduplication key equal the sink's PRIMARY KEY " + primaryKey
                                    + ", or declare the key the query produces as the sink's primary key.");
                })
                .toList();
    }

    private static String upsertKeys(StreamPhysicalSink sink) {
        FlinkRelMetadataQuery metadata =
                FlinkRelMetadataQuery.reuseOrCreate(sink.getCluster().getMetadataQuery());
        Set<ImmutableBitSet> keys = metadata.getUpsertKeys(sink.getInput());
        if (keys == null || keys.isEmpty()) {
            return "it has none";
        }
        List<String> fields = sink.getInput().getRowType().getFieldNames();
        return "upsert keys "
                + keys.stream()
                        .map(key -> key.asList().stream().map(fields::get).collect(Collectors.joining(", ", "(", ")")))
                        .sorted()
                        .collect(Collectors.joining(", "));
    }
}
