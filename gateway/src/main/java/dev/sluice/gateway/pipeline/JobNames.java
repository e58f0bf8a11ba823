package dev.sluice.gateway.pipeline;

import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;

import javax.annotation.Nullable;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a job is called where people look for it (job lists, a job's page): the session's {@code pipeline.name} when
 * set, as Flink names its job by it, else the tables the job writes ({@code a, b} for a statement set).
 */
final class JobNames {

    /** As long as the store keeps. */
    private static final int MAX_LENGTH = 256;

    private JobNames() {}

    /** Null only for a job that names no table of its own and runs without a {@code pipeline.name}. */
    @Nullable
    static String of(ValidatedStatement statement) {
        String name = statement
                .environment()
                .getConfig()
                .getOptional(PipelineOptions.NAME)
                .filter(configured -> !configured.isBlank())
                .orElseGet(() -> targets(statement.operation()).distinct().collect(Collectors.joining(", ")));
        if (name.isEmpty()) {
            return null;
        }
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH - 1) + "…";
    }

    private static Stream<String> targets(Operation operation) {
        if (operation instanceof StatementSetOperation statementSet) {
            return statementSet.getOperations().stream().flatMap(JobNames::targets);
        }
        if (operation instanceof SinkModifyOperation sink) {
            return Stream.of(sink.getContextResolvedTable().getIdentifier().getObjectName());
        }
        if (operation instanceof CreateTableASOperation createTableAs) {
            return Stream.of(
                    createTableAs.getCreateTableOperation().getTableIdentifier().getObjectName());
        }
        if (operation instanceof ReplaceTableAsOperation replaceTableAs) {
            return Stream.of(replaceTableAs
                    .getCreateTableOperation()
                    .getTableIdentifier()
                    .getObjectName());
        }
        return Stream.empty();
    }
}
