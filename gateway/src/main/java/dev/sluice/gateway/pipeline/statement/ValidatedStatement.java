package dev.sluice.gateway.pipeline.statement;

import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.Operation;

import static java.util.Objects.requireNonNull;

/**
 * A statement that parsed and validated: what Flink made of it, what running it would produce, and the table
 * environment that validated it, so running it does not parse and validate it again.
 */
public record ValidatedStatement(
        ScriptStatement statement, Operation operation, StatementKind kind, TableEnvironmentInternal environment) {

    public ValidatedStatement {
        requireNonNull(statement, "statement is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(environment, "environment is null");
    }
}
