package dev.sluice.gateway.pipeline;

import org.apache.flink.table.operations.Operation;

import static java.util.Objects.requireNonNull;

/** A statement that parsed and validated: what Flink made of it, and what running it would produce. */
public record ValidatedStatement(ScriptStatement statement, Operation operation, StatementKind kind) {

    public ValidatedStatement {
        requireNonNull(statement, "statement is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(kind, "kind is null");
    }
}
