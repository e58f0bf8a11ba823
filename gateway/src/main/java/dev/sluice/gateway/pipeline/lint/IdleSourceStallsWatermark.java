package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalRel;

import java.util.List;
import java.util.Set;

/**
 * A source read in partitions (Kafka topics, Kinesis shards, ...) emits the smallest watermark of its partitions. One
 * partition without data holds the watermark, and with it every window and interval join downstream, until data
 * comes, unless an idle timeout lets the source ignore it.
 */
final class IdleSourceStallsWatermark implements Lint {

    static final String IDLE_TIMEOUT_OPTION = "scan.watermark.idle-timeout";
    private static final Set<String> PARTITIONED_CONNECTORS = Set.of("kafka", "upsert-kafka", "kinesis", "pulsar");

    @Override
    public String code() {
        return "IDLE_SOURCE_STALLS_WATERMARK";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        // The watermark only matters to a plan that waits for it.
        boolean waitsForWatermark = PlanTree.nodes(planned.optimizedRoots(), StreamPhysicalRel.class)
                .anyMatch(StreamPhysicalRel::requireWatermark);
        if (!waitsForWatermark
                || !planned.config()
                        .get(ExecutionConfigOptions.TABLE_EXEC_SOURCE_IDLE_TIMEOUT)
                        .isZero()) {
            return List.of();
        }
        return PlanTree.distinct(planned.optimizedRoots().stream().flatMap(PlanTree::sourceTables)).stream()
                .filter(table -> !table.getResolvedSchema().getWatermarkSpecs().isEmpty())
                .filter(table -> PARTITIONED_CONNECTORS.contains(
                        table.getResolvedTable().getOptions().get("connector")))
                .filter(table -> !table.getResolvedTable().getOptions().containsKey(IDLE_TIMEOUT_OPTION))
                .map(table -> warning(
                        StatementText.positionOf(
                                planned.statement().statement(),
                                table.getIdentifier().getObjectName()),
                        "`" + table.getIdentifier().getObjectName()
                                + "` is read in partitions and has no idle timeout: one"
                                + " partition without data stops its watermark, and every window waiting for it.",
                        "Set '" + IDLE_TIMEOUT_OPTION + "' = '1 min' in the table's WITH options, or SET '"
                                + ExecutionConfigOptions.TABLE_EXEC_SOURCE_IDLE_TIMEOUT.key() + "' = '1 min'."))
                .toList();
    }
}
