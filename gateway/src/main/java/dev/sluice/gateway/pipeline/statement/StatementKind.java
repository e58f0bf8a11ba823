package dev.sluice.gateway.pipeline.statement;

import org.apache.flink.table.operations.CompileAndExecutePlanOperation;
import org.apache.flink.table.operations.EndStatementSetOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.command.ExecutePlanOperation;

/** What running a statement produces, which decides how callers follow it. */
public enum StatementKind {
    /** A SELECT: rows to read page by page while its job runs. */
    QUERY,
    /** An INSERT, statement set or plan execution: a detached job that Sluice tracks. */
    JOB,
    /** Everything else (DDL, SET, USE, SHOW, EXPLAIN, ...): done when the statement finishes. */
    COMMAND;

    public static StatementKind of(Operation operation, boolean inStatementSet) {
        if (operation instanceof QueryOperation) {
            return QUERY;
        }
        if (operation instanceof ModifyOperation) {
            // Inside BEGIN STATEMENT SET ... END an INSERT is only collected; END submits the job.
            return inStatementSet ? COMMAND : JOB;
        }
        if (operation instanceof StatementSetOperation
                || operation instanceof EndStatementSetOperation
                || operation instanceof ExecutePlanOperation
                || operation instanceof CompileAndExecutePlanOperation) {
            return JOB;
        }
        return COMMAND;
    }
}
