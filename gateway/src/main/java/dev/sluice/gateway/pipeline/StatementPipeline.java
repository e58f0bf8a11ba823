package dev.sluice.gateway.pipeline;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.lint.Linter;
import dev.sluice.gateway.pipeline.policy.PolicyCheck;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.gateway.track.Resumption;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.service.operation.OperationExecutor;
import org.apache.flink.table.gateway.service.result.ResultFetcher;
import org.apache.flink.table.gateway.service.session.Session;
import org.apache.flink.table.gateway.service.session.SessionManager;
import org.apache.flink.table.gateway.service.utils.SqlExecutionException;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.api.internal.TableResultInternal;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.operations.EndStatementSetOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The one way a statement gets run, whichever listener it came from: parse and validate, check the tenant's policy,
 * plan and lint, then execute as an operation of the session, then track the job it started. A statement that fails
 * validation or planning, or that the policy denies, never reaches Flink.
 */
public final class StatementPipeline {

    /** The column Flink's SQL Gateway names the job id in. */
    private static final String JOB_ID_COLUMN = "job id";

    private static final Logger LOG = LoggerFactory.getLogger(StatementPipeline.class);

    private final SessionManager sessions;
    private final JobTracker jobs;
    private final PolicyCheck policy;
    private final Linter linter;

    public StatementPipeline(SessionManager sessions, JobTracker jobs, PolicyCheck policy, Linter linter) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.linter = requireNonNull(linter, "linter is null");
    }

    public SubmittedStatement submit(
            SessionHandle sessionHandle, ScriptStatement statement, Configuration executionConfig) {
        return submit(sessionHandle, statement, executionConfig, null);
    }

    /**
     * Runs a recorded job's statement again through every step, as a new Flink job under the same job record.
     *
     * @param resumption the job record the new Flink job belongs to; {@code null} for a new statement
     */
    public SubmittedStatement submit(
            SessionHandle sessionHandle,
            ScriptStatement statement,
            Configuration executionConfig,
            @Nullable Resumption resumption) {
        Session session = sessions.getSession(sessionHandle);
        // Validation runs on the operation's own thread: Calcite keeps planner state in thread-locals, so the
        // operation it validated can only be run there. The caller still waits for the verdict.
        CompletableFuture<ValidatedStatement> verdict = new CompletableFuture<>();
        OperationHandle operation = session.getOperationManager().submitOperation(handle -> {
            ValidatedStatement validated;
            try {
                validated = validate(session, statement, executionConfig);
                // A denied statement stops here, before Flink runs anything or a job is recorded.
                policy.enforce(sessionHandle, validated, executionConfig.toMap());
                lint(session, validated);
                if (resumption != null && !resumable(validated)) {
                    throw new GatewayException(ErrorCode.CONFLICT,
                            "Job " + resumption.jobId() + " cannot be resumed: its recorded statement does not start a job by itself.",
                            null, null, "Submit the statement set again with POST /api/v1/statements.", null);
                }
            } catch (RuntimeException | StackOverflowError e) {
                // Whatever stops the checks must reach the waiting caller, or it would wait forever.
                GatewayException failure = FlinkErrors.toGatewayException(e, statement);
                verdict.completeExceptionally(failure);
                throw failure;
            } catch (Error e) {
                verdict.completeExceptionally(e);
                throw e;
            }
            verdict.complete(validated);
            return execute(session, handle, validated, executionConfig, resumption);
        });
        try {
            return new SubmittedStatement(sessionHandle, operation, verdict.get().kind(), statement);
        } catch (ExecutionException e) {
            session.getOperationManager().closeOperation(operation);
            throw FlinkErrors.toGatewayException(e.getCause(), statement);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.getOperationManager().closeOperation(operation);
            throw new GatewayException(ErrorCode.INTERNAL, "Interrupted while validating the statement.");
        }
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

    /**
     * Plans the statement without running it and returns the lints' warnings about its plan.
     *
     * @throws GatewayException when Flink cannot plan it, so it never reaches Flink to fail there
     */
    public List<Diagnostic> lint(SessionHandle sessionHandle, ValidatedStatement statement) {
        return lint(sessions.getSession(sessionHandle), statement);
    }

    private List<Diagnostic> lint(Session session, ValidatedStatement statement) {
        if (statement.kind() == StatementKind.COMMAND) {
            // A command has no plan; this spares making a table environment for every SET and DDL.
            return List.of();
        }
        List<Diagnostic> warnings = linter.check(statement);
        // Warnings do not block a statement, unless the session asked for that: it is how a client that cannot see
        // warnings (the Flink JDBC driver, the SQL Client) learns of them. statements:validate always lists them.
        boolean strict = Configuration.fromMap(session.getSessionConfig()).get(SluiceOptions.LINT_WARNINGS_AS_ERRORS);
        if (strict && !warnings.isEmpty()) {
            Diagnostic first = warnings.get(0);
            String others = warnings.stream().skip(1).map(Diagnostic::code).distinct().collect(Collectors.joining(", "));
            throw new GatewayException(ErrorCode.LINT_WARNING,
                    first.code() + ": " + first.message() + (others.isEmpty() ? "" : " (also: " + others + ")"),
                    first.position(), null, first.hint(), null);
        }
        warnings.forEach(warning -> LOG.debug("Statement warning {}: {}", warning.code(), warning.message()));
        return warnings;
    }

    private ValidatedStatement validate(Session session, ScriptStatement statement, Configuration executionConfig) {
        OperationExecutor executor = session.createExecutor(executionConfig);
        TableEnvironmentInternal environment = executor.getTableEnvironment();
        List<Operation> operations;
        try {
            operations = environment.getParser().parse(statement.sql());
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
                statement,
                operation,
                StatementKind.of(operation, executor.getSessionContext().isStatementSetState()),
                environment);
    }

    private static boolean resumable(ValidatedStatement validated) {
        return validated.kind() == StatementKind.JOB && !(validated.operation() instanceof EndStatementSetOperation);
    }

    private ResultFetcher execute(
            Session session,
            OperationHandle handle,
            ValidatedStatement validated,
            Configuration executionConfig,
            @Nullable Resumption resumption) {
        String id = handle.getIdentifier().toString();
        String sessionId = session.getSessionHandle().getIdentifier().toString();
        ScriptStatement statement = validated.statement();
        try {
            if (validated.kind() == StatementKind.QUERY) {
                return ResultFetcher.fromTableResult(handle, validated.environment().executeInternal(validated.operation()), true);
            }
            if (validated.kind() == StatementKind.JOB && !(validated.operation() instanceof EndStatementSetOperation)) {
                return submitJob(handle, validated, id, sessionId, resumption);
            }
            // Commands, and the END of a BEGIN STATEMENT SET block, whose INSERTs live in the session, go through
            // Flink's own executor.
            ResultFetcher fetcher = session.createExecutor(executionConfig).executeStatement(handle, statement.sql());
            if (validated.kind() == StatementKind.JOB) {
                // The job id is the one row of END's result; reading it leaves it readable for the client.
                jobs.submitted(id, sessionId, statement.sql(), fetcher.fetchResults(0, Integer.MAX_VALUE).getJobID());
            }
            return fetcher;
        } catch (Throwable t) {
            GatewayException error = FlinkErrors.toGatewayException(t, statement);
            if (validated.kind() == StatementKind.JOB && resumption == null) {
                jobs.failedToSubmit(id, sessionId, statement.sql(), error.getMessage());
            }
            LOG.info("Statement {} of session {} failed: {}", id, sessionId, error.getMessage());
            // Flink's clients show only the message, so it carries the position and hint too.
            throw new SqlExecutionException(error.describe(), error);
        }
    }

    /** Submits a job from the operation validation already made, as Flink's own executor would, and records it. */
    private ResultFetcher submitJob(
            OperationHandle handle, ValidatedStatement validated, String id, String sessionId, @Nullable Resumption resumption) {
        Operation operation = validated.operation();
        TableResultInternal result;
        if (operation instanceof ModifyOperation modify) {
            result = validated.environment().executeInternal(List.of(modify));
        } else if (operation instanceof StatementSetOperation statementSet) {
            result = validated.environment().executeInternal(statementSet.getOperations());
        } else {
            result = validated.environment().executeInternal(operation);
        }
        JobID flinkJobId = result.getJobClient()
                .orElseThrow(() -> new IllegalStateException("Flink started no job for " + validated.statement().sql()))
                .getJobID();
        if (resumption == null) {
            jobs.submitted(id, sessionId, validated.statement().sql(), flinkJobId);
        } else {
            jobs.resumed(resumption, flinkJobId);
        }
        // The same one-row answer Flink's own executor gives, so clients of either listener see no difference.
        return ResultFetcher.fromResults(
                handle,
                ResolvedSchema.of(Column.physical(JOB_ID_COLUMN, DataTypes.STRING())),
                List.of(GenericRowData.of(StringData.fromString(flinkJobId.toString()))),
                flinkJobId,
                result.getResultKind());
    }

}
