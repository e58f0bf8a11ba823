package dev.sluice.gateway.pipeline;

import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A statement that passed the pipeline's checks and runs as an operation of its session.
 *
 * @param resultKey the columns that identify a query's rows, from its plan; empty for a job, a command, or rows
 *     without a key
 */
public record SubmittedStatement(
        SessionHandle session,
        OperationHandle operation,
        StatementKind kind,
        ScriptStatement statement,
        List<String> resultKey) {

    public SubmittedStatement {
        requireNonNull(session, "session is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(statement, "statement is null");
        resultKey = List.copyOf(resultKey);
    }

    /** Sluice's id of the statement, and of its job when it has one. */
    public String id() {
        return operation.getIdentifier().toString();
    }
}
