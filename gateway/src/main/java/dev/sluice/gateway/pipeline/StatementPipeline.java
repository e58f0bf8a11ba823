package dev.sluice.gateway.pipeline;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.track.JobTracker;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.service.operation.OperationExecutor;
import org.apache.flink.table.gateway.service.result.ResultFetcher;
import org.apache.flink.table.gateway.service.session.Session;
import org.apache.flink.table.gateway.service.session.SessionManager;
import org.apache.flink.table.gateway.service.utils.SqlExecutionException;
import org.apache.flink.table.operations.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The one way a statement gets run, whichever listener it came from: parse and validate, then execute as an
 * operation of the session, then track the job it started. A statement that fails validation never reaches Flink.
 */
public final class StatementPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(StatementPipeline.class);

    private final SessionManager sessions;
    private final JobTracker jobs;

    public StatementPipeline(SessionManager sessions, JobTracker jobs) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
    }

    public SubmittedStatement submit(
            SessionHandle sessionHandle, ScriptStatement statement, Configuration executionConfig) {
        Session session = sessions.getSession(sessionHandle);
        StatementKind kind = validate(session, statement, executionConfig).kind();
        OperationHandle operation =
                session.getOperationManager()
                        .submitOperation(handle -> execute(session, handle, statement, kind, executionConfig));
        return new SubmittedStatement(sessionHandle, operation, kind, statement);
    }

    /**
     * Waits until the statement's operation has done its part: a command has finished, a job has been submitted,
     * a query's rows can be read. A failure is rethrown with its position in the script.
     */
    public void awaitSubmission(SubmittedStatement submitted) {
        try {
            sessions.getSession(submitted.session())
                    .getOperationManager()
                    .awaitOperationTermination(submitted.operation());
        } catch (Exception e) {
            throw FlinkErrors.toGatewayException(e, submitted.statement());
        }
    }

    /** Parses and validates against the session's catalogs without running anything. */
    public ValidatedStatement validate(SessionHandle sessionHandle, ScriptStatement statement) {
        return validate(sessions.getSession(sessionHandle), statement, new Configuration());
    }

    private ValidatedStatement validate(Session session, ScriptStatement statement, Configuration executionConfig) {
        OperationExecutor executor = session.createExecutor(executionConfig);
        List<Operation> operations;
        try {
            operations = executor.getTableEnvironment().getParser().parse(statement.sql());
        } catch (Exception | StackOverflowError e) {
            // Flink also throws checked exceptions it does not declare (SqlValidateException). The parser and
            // validator recurse once per level of nesting: a deep statement is the caller's problem, not a failure.
            throw FlinkErrors.toGatewayException(e, statement);
        }
        if (operations.size() != 1) {
            throw new GatewayException(
                    ErrorCode.SQL_VALIDATION,
                    "Only one statement can run at a time here.",
                    statement.toScript(SqlPosition.at(1, 1)),
                    null,
                    "Send the statements one by one, or wrap several INSERTs in EXECUTE STATEMENT SET BEGIN ... END.",
                    null);
        }
        Operation operation = operations.get(0);
        return new ValidatedStatement(
                statement, operation, StatementKind.of(operation, executor.getSessionContext().isStatementSetState()));
    }

    private ResultFetcher execute(
            Session session,
            OperationHandle handle,
            ScriptStatement statement,
            StatementKind kind,
            Configuration executionConfig) {
        String id = handle.getIdentifier().toString();
        String sessionId = session.getSessionHandle().getIdentifier().toString();
        try {
            ResultFetcher fetcher = session.createExecutor(executionConfig).executeStatement(handle, statement.sql());
            if (kind == StatementKind.JOB) {
                // The job id is the one row of a job statement's result; reading it leaves it readable for the client.
                JobID flinkJobId = fetcher.fetchResults(0, Integer.MAX_VALUE).getJobID();
                jobs.submitted(id, sessionId, statement.sql(), flinkJobId);
            }
            return fetcher;
        } catch (Throwable t) {
            GatewayException error = FlinkErrors.toGatewayException(t, statement);
            if (kind == StatementKind.JOB) {
                jobs.failedToSubmit(id, sessionId, statement.sql(), error.getMessage());
            }
            LOG.info("Statement {} of session {} failed: {}", id, sessionId, error.getMessage());
            // Flink's clients show only the message, so it carries the position and hint too.
            throw new SqlExecutionException(error.describe(), error);
        }
    }
}
