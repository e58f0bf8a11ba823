package dev.sluice.gateway.pipeline;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.model.Totals;
import dev.sluice.gateway.audit.AuditLog;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.catalog.ResolvesCatalogFunctions;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.execute.JobRestarts;
import dev.sluice.gateway.metrics.PipelineMetrics;
import dev.sluice.gateway.metrics.PipelineMetrics.Step;
import dev.sluice.gateway.pipeline.admit.AdmissionControl;
import dev.sluice.gateway.pipeline.admit.HeldForApproval;
import dev.sluice.gateway.pipeline.admit.HeldStatement;
import dev.sluice.gateway.pipeline.admit.JobDemand;
import dev.sluice.gateway.pipeline.admit.Requester;
import dev.sluice.gateway.pipeline.control.ControlStatements;
import dev.sluice.gateway.pipeline.estimate.StatementEstimator;
import dev.sluice.gateway.pipeline.lint.Linter;
import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.plan.ResultKey;
import dev.sluice.gateway.pipeline.policy.PolicyCheck;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.StatementFingerprint;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import dev.sluice.gateway.store.EstimateCorrection;
import dev.sluice.gateway.store.Resources;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.gateway.track.Resumption;
import dev.sluice.gateway.track.RunningQueries;
import dev.sluice.udf.catalog.FunctionCatalog;
import dev.sluice.udf.catalog.FunctionUse;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.TableConfig;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.api.internal.TableResultInternal;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.service.context.SessionContext;
import org.apache.flink.table.gateway.service.operation.OperationExecutor;
import org.apache.flink.table.gateway.service.result.ResultFetcher;
import org.apache.flink.table.gateway.service.session.Session;
import org.apache.flink.table.gateway.service.session.SessionManager;
import org.apache.flink.table.gateway.service.utils.SqlExecutionException;
import org.apache.flink.table.operations.BeginStatementSetOperation;
import org.apache.flink.table.operations.EndStatementSetOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The one way a statement gets run, whichever listener it came from: parse and validate, check the tenant's policy,
 * plan and lint, admit it against the tenant's quota, then execute as an operation of the session, then track the
 * job or query it started. A statement that fails validation or planning, that the policy denies, that admission
 * refuses or that waits for an approval never reaches Flink. The END of a BEGIN STATEMENT SET block runs as the
 * equivalent EXECUTE STATEMENT SET, so it is admitted, held and recorded like one.
 */
public final class StatementPipeline {

    /** The column Flink's SQL Gateway names the job id in. */
    private static final String JOB_ID_COLUMN = "job id";

    private static final Logger LOG = LoggerFactory.getLogger(StatementPipeline.class);

    /** How a statement appears in the audit log, from either listener. */
    public static final String STATEMENT_ACTION = "statement.submit";

    private final SessionManager sessions;
    private final Tenants tenants;
    private final JobTracker jobs;
    private final PolicyCheck policy;
    private final Linter linter;
    private final StatementEstimator estimator;
    private final AuditLog audit;
    private final AdmissionControl admission;
    private final JobDemand demands;
    private final RunningQueries queries;
    private final FunctionCatalog functions;
    private final ControlStatements control;
    private final OpenStatementSets statementSets;
    private final PipelineMetrics metrics;
    // Jobs checkpoint unless their session set an interval; queries never by default: with checkpointing, Flink hands
    // a query's rows to the client only when a checkpoint completes.
    private final Duration jobCheckpointInterval;
    // Jobs restart a bounded number of times unless their session chose otherwise; queries keep Flink's default.
    private final JobRestarts jobRestarts;

    public StatementPipeline(
            SessionManager sessions,
            Tenants tenants,
            JobTracker jobs,
            PolicyCheck policy,
            Linter linter,
            StatementEstimator estimator,
            AuditLog audit,
            AdmissionControl admission,
            JobDemand demands,
            RunningQueries queries,
            FunctionCatalog functions,
            ControlStatements control,
            PipelineMetrics metrics,
            Duration jobCheckpointInterval,
            JobRestarts jobRestarts) {
        this.jobCheckpointInterval = requireNonNull(jobCheckpointInterval, "jobCheckpointInterval is null");
        this.jobRestarts = requireNonNull(jobRestarts, "jobRestarts is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.linter = requireNonNull(linter, "linter is null");
        this.estimator = requireNonNull(estimator, "estimator is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.demands = requireNonNull(demands, "demands is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.functions = requireNonNull(functions, "functions is null");
        this.control = requireNonNull(control, "control is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        // A session is known to Tenants from its opening until it closes; looking there does not keep it open.
        this.statementSets =
                new OpenStatementSets(session -> tenants.ownerOf(session).isPresent());
    }

    /**
     * Submits a statement of a session. Whether the checks admitted it, or the code they refused it with, goes into the
     * audit log as the session owner's; how a job it started fares is in its job record.
     *
     * @throws HeldForApproval when its job waits for an admin's approval
     */
    public SubmittedStatement submit(
            SessionHandle sessionHandle, ScriptStatement statement, Configuration executionConfig) {
        return submit(sessionHandle, statement, executionConfig, null, null);
    }

    /** An admin's approval of a held statement, and where its session stood when it was held. */
    public record Approval(String id, String catalog, String database) {
        public Approval {
            requireNonNull(id, "id is null");
            requireNonNull(catalog, "catalog is null");
            requireNonNull(database, "database is null");
        }
    }

    /**
     * Runs a statement an admin approved, in the catalog and database it was submitted in: admission lets its job
     * in whatever the quota says, naming the approval.
     */
    public SubmittedStatement submitApproved(
            SessionHandle sessionHandle, ScriptStatement statement, Approval approval) {
        return submit(
                sessionHandle, statement, new Configuration(), requireNonNull(approval, "approval is null"), null);
    }

    /**
     * Runs a recorded job's statement again through every step, as a new Flink job under the same job record (a
     * resume, rewind or restatement). The tenant's quota must still hold it: a resume is refused, not held.
     */
    public SubmittedStatement resubmit(
            SessionHandle sessionHandle,
            ScriptStatement statement,
            Configuration executionConfig,
            Resumption resumption) {
        return submit(
                sessionHandle, statement, executionConfig, null, requireNonNull(resumption, "resumption is null"));
    }

    private SubmittedStatement submit(
            SessionHandle sessionHandle,
            ScriptStatement statement,
            Configuration executionConfig,
            @Nullable Approval approval,
            @Nullable Resumption resumption) {
        String approvalId = approval == null ? null : approval.id();
        Session session = sessions.getSession(sessionHandle);
        Principal owner = tenants.ownerOf(sessionHandle)
                .orElseThrow(() -> new GatewayException(
                        ErrorCode.NOT_FOUND, "No open session with id " + sessionHandle.getIdentifier() + "."));
        // Validation runs on the operation's own thread: Calcite keeps planner state in thread-locals, so the
        // operation it validated can only be run there. The caller still waits for the verdict.
        CompletableFuture<SubmittedStatement> verdict = new CompletableFuture<>();
        // A statement runs only once its audit row is written: one the metadata store could not record is refused
        // (503) and must not run all the same.
        CompletableFuture<Void> audited = new CompletableFuture<>();
        OperationHandle operation = session.getOperationManager().submitOperation(handle -> {
            ValidatedStatement validated;
            AdmissionControl.Ticket admitted;
            Checked checked;
            List<String> resultKey;
            Optional<EstimateCorrection> correction;
            try {
                if (approval != null) {
                    TableEnvironmentInternal environment =
                            session.createExecutor(executionConfig).getTableEnvironment();
                    environment.useCatalog(approval.catalog());
                    environment.useDatabase(approval.database());
                }
                validated = asStatementSet(session, validate(session, statement, executionConfig), executionConfig);
                // A denied statement stops here, before Flink runs anything or a job is recorded. A resumption's
                // execution config is Sluice's own (the savepoint of the job's record), not a client's.
                metrics.time(
                        Step.POLICY,
                        () -> policy.enforce(
                                sessionHandle, validated, resumption == null ? executionConfig.toMap() : Map.of()));
                if (resumption != null && !resumable(validated)) {
                    throw new GatewayException(
                            ErrorCode.CONFLICT,
                            "Job " + resumption.jobId()
                                    + " cannot be resumed: its recorded statement does not start a job by itself.",
                            null,
                            null,
                            "Submit the statement set again with POST /api/v1/statements.",
                            null);
                }
                // Jobs sent to run carry no rate hints: the estimate uses the connectors' options and defaults.
                checked = check(session, validated, Map.of());
                // Here, so that a plan whose key cannot be read reaches the waiting caller as a failure.
                resultKey = checked.resultKey();
                correction = correctionFor(owner, validated, resumption);
                admitted = metrics.time(
                        Step.ADMIT,
                        () -> admit(
                                session,
                                owner,
                                handle,
                                validated,
                                correction
                                        .map(EstimateCorrection::totals)
                                        .or(() -> checked.estimate().map(Estimate::totals)),
                                executionConfig,
                                approvalId,
                                resumption));
            } catch (RuntimeException | StackOverflowError e) {
                // Whatever stops the checks must reach the waiting caller, or it would wait forever.
                GatewayException failure = FlinkErrors.toGatewayException(e, statement);
                verdict.completeExceptionally(failure);
                throw failure;
            } catch (Error e) {
                verdict.completeExceptionally(e);
                throw e;
            }
            verdict.complete(new SubmittedStatement(sessionHandle, handle, validated.kind(), statement, resultKey));
            // The job counts as in flight until it is recorded (or has failed to start), so no admission meanwhile is
            // made on a stale count.
            try (admitted) {
                awaitAudit(audited);
                return metrics.time(
                        Step.SUBMIT,
                        () -> execute(
                                session,
                                owner,
                                handle,
                                validated,
                                checked.estimate(),
                                correction,
                                executionConfig,
                                resumption));
            }
        });
        // The audit row is written here, on the caller's thread, so the caller learns whether it was written.
        String target = operation.getIdentifier().toString();
        try {
            SubmittedStatement submitted = verdict.get();
            audit.record(owner, STATEMENT_ACTION, target, AuditLog.OK, approvalId);
            audited.complete(null);
            return submitted;
        } catch (ExecutionException e) {
            session.getOperationManager().closeOperation(operation);
            GatewayException failure = FlinkErrors.toGatewayException(e.getCause(), statement);
            audit.record(
                    owner,
                    STATEMENT_ACTION,
                    target,
                    AuditLog.resultOf(failure),
                    failure instanceof HeldForApproval held ? held.approvalId() : approvalId);
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            audited.completeExceptionally(e);
            session.getOperationManager().closeOperation(operation);
            throw new GatewayException(ErrorCode.INTERNAL, "Interrupted while validating the statement.");
        } catch (RuntimeException e) {
            // The audit row was not written.
            audited.completeExceptionally(e);
            session.getOperationManager().closeOperation(operation);
            throw e;
        }
    }

    /** Waits on the operation's thread until the caller has written the statement's audit row; fails if it could not. */
    private static void awaitAudit(CompletableFuture<Void> audited) {
        try {
            audited.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Not run: its audit row could not be written", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Not run: closed before its audit row was written", e);
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
     * A new table environment of the session, to validate several statements in one after another with
     * {@link #validate(SessionHandle, ScriptStatement, TableEnvironmentInternal)} instead of making one (a planner, a
     * parser, their factories found on the class path) per statement. It reads the session's settings when made: one
     * made before a SET or RESET does not see it, nor a temporary function created through another environment.
     */
    public TableEnvironmentInternal environment(SessionHandle sessionHandle) {
        return sessions.getSession(sessionHandle)
                .createExecutor(new Configuration())
                .getTableEnvironment();
    }

    /**
     * Parses and validates as {@link #validate(SessionHandle, ScriptStatement)} does, in {@code environment} (made by
     * {@link #environment} for the same session, and current with its settings).
     */
    public ValidatedStatement validate(
            SessionHandle sessionHandle, ScriptStatement statement, TableEnvironmentInternal environment) {
        requireNonNull(environment, "environment is null");
        Session session = sessions.getSession(sessionHandle);
        return metrics.time(
                Step.VALIDATE,
                () -> parseAndValidate(statement, environment, session.createExecutor(new Configuration())));
    }

    /** The session's catalogs, in which its statements resolve names: for reading them, never for changing them. */
    public CatalogManager catalogs(SessionHandle sessionHandle) {
        // Through a table environment: making one gives the catalog manager the schema resolver getTable needs.
        return sessions.getSession(sessionHandle)
                .createExecutor()
                .getTableEnvironment()
                .getCatalogManager();
    }

    /**
     * Plans the statement without running it, lints the plan and estimates its resources with {@code hints}.
     *
     * @param hints the rates to estimate with, or null to lint only (validation, which must stay cheap)
     * @throws GatewayException when Flink cannot plan it, so it never reaches Flink to fail there
     */
    public Checked check(
            SessionHandle sessionHandle, ValidatedStatement statement, @Nullable Map<String, SourceHints> hints) {
        return check(sessions.getSession(sessionHandle), statement, hints);
    }

    /**
     * What planning found: the lints' warnings, the estimate that admission and the job record use (none for a
     * statement without a plan, or one the estimator cannot read), and a query's plan, kept for its result key.
     */
    public record Checked(List<Diagnostic> warnings, Optional<Estimate> estimate, Optional<PlannedStatement> query) {
        public Checked {
            warnings = List.copyOf(warnings);
            requireNonNull(estimate, "estimate is null");
            requireNonNull(query, "query is null");
        }

        /**
         * The columns that identify a query's rows ({@link ResultKey}; empty for a job, a command, or rows without a
         * key). Worked out when asked, from the plan's metadata: only a query that runs needs it, not a validation.
         */
        public List<String> resultKey() {
            return query.map(plan -> ResultKey.of(plan.optimizedRoots().get(0))).orElse(List.of());
        }
    }

    private Checked check(Session session, ValidatedStatement statement, @Nullable Map<String, SourceHints> hints) {
        if (statement.kind() == StatementKind.COMMAND) {
            // A command has no plan; this spares making a table environment for every SET and DDL.
            return new Checked(List.of(), Optional.empty(), Optional.empty());
        }
        Linter.Linted linted = metrics.time(Step.PLAN, () -> linter.lint(statement));
        List<Diagnostic> warnings = linted.warnings();
        // Warnings do not block a statement, unless the session asked for that: it is how a client that cannot see
        // warnings (the Flink JDBC driver, the SQL Client) learns of them. statements:validate always lists them.
        boolean strict = Configuration.fromMap(session.getSessionConfig()).get(SluiceOptions.LINT_WARNINGS_AS_ERRORS);
        if (strict && !warnings.isEmpty()) {
            Diagnostic first = warnings.get(0);
            String others =
                    warnings.stream().skip(1).map(Diagnostic::code).distinct().collect(Collectors.joining(", "));
            throw new GatewayException(
                    ErrorCode.LINT_WARNING,
                    first.code() + ": " + first.message() + (others.isEmpty() ? "" : " (also: " + others + ")"),
                    first.position(),
                    null,
                    first.hint(),
                    null);
        }
        warnings.forEach(warning -> LOG.debug("Statement warning {}: {}", warning.code(), warning.message()));
        return new Checked(
                warnings,
                hints == null
                        ? Optional.empty()
                        : metrics.time(
                                Step.ESTIMATE, () -> linted.plan().flatMap(plan -> estimator.estimate(plan, hints))),
                statement.kind() == StatementKind.QUERY ? linted.plan() : Optional.empty());
    }

    /**
     * What was measured of the job before, if admission should ask for that instead of the estimate: a resumed job's
     * own correction, or else the newest correction of a job the same tenant started with the same statement (by
     * fingerprint). Only one measured at the parallelism this job will run at: the figures hold at that one only.
     */
    private Optional<EstimateCorrection> correctionFor(
            Principal owner, ValidatedStatement validated, @Nullable Resumption resumption) {
        if (validated.kind() != StatementKind.JOB) {
            return Optional.empty();
        }
        int parallelism = demands.parallelism(validated.environment().getConfig());
        Optional<EstimateCorrection> correction = resumption != null
                ? jobs.correction(resumption.jobId())
                : jobs.latestCorrection(
                        owner.tenant(),
                        StatementFingerprint.of(validated.statement().sql()));
        return correction.filter(measured -> measured.parallelism() == parallelism);
    }

    /**
     * Admits a job or a query against its tenant's quota and caps and the cluster's free slots; a command takes no
     * resources and needs no admission.
     *
     * @param totals what the statement needs by its estimate, or by what was measured of the same job before
     */
    private AdmissionControl.Ticket admit(
            Session session,
            Principal owner,
            OperationHandle handle,
            ValidatedStatement validated,
            Optional<Totals> totals,
            Configuration executionConfig,
            @Nullable String approvalId,
            @Nullable Resumption resumption) {
        if (validated.kind() == StatementKind.COMMAND) {
            return () -> {};
        }
        Requester requester = Requester.of(owner);
        Resources demand = demands.ofTotals(validated.environment().getConfig(), totals);
        if (resumption != null) {
            return admission.readmit(requester, demand, resumption.jobId());
        }
        if (validated.kind() == StatementKind.QUERY) {
            // Counted from here until RunningQueries sees its job end; nothing to hold open meanwhile.
            admission.admitQuery(
                    requester,
                    demand,
                    handle.getIdentifier().toString(),
                    session.getSessionHandle().getIdentifier().toString());
            return () -> {};
        }
        Map<String, String> config = new HashMap<>(session.getSessionConfig());
        config.putAll(executionConfig.toMap());
        TableEnvironmentInternal environment = validated.environment();
        HeldStatement held = new HeldStatement(
                validated.statement().sql(),
                environment.getCatalogManager().getCurrentCatalog(),
                environment.getCatalogManager().getCurrentDatabase(),
                config);
        return admission.admit(requester, held, demand, handle.getIdentifier().toString(), approvalId);
    }

    /**
     * The END of a BEGIN STATEMENT SET block as the equivalent EXECUTE STATEMENT SET of the INSERTs the block collected,
     * so that it is planned, estimated, admitted (counted, or held for an approval and replayed) and recorded like
     * one. The block is closed either way, as Flink's own END closes it; an END with no INSERTs before it is left to
     * Flink. Any other statement is returned as it is.
     */
    private ValidatedStatement asStatementSet(
            Session session, ValidatedStatement validated, Configuration executionConfig) {
        if (!(validated.operation() instanceof EndStatementSetOperation)) {
            return validated;
        }
        SessionContext context = session.createExecutor(executionConfig).getSessionContext();
        int collected = context.isStatementSetState()
                ? context.getStatementSetOperations().size()
                : 0;
        List<String> inserts = statementSets.end(session.getSessionHandle());
        if (collected == 0) {
            return new ValidatedStatement(
                    validated.statement(), validated.operation(), StatementKind.COMMAND, validated.environment());
        }
        context.disableStatementSet();
        ScriptStatement end = validated.statement();
        if (inserts.size() != collected) {
            // Only INSERTs sent through this pipeline are known by their text; a block built some other way cannot be
            // admitted as one statement.
            throw new GatewayException(
                    ErrorCode.SQL_VALIDATION,
                    "The statement set holds " + collected + " INSERTs, but only " + inserts.size()
                            + " were sent as statements of this session.",
                    end.span(),
                    null,
                    "Send the INSERTs as one EXECUTE STATEMENT SET BEGIN ... END; statement.",
                    null);
        }
        return validate(session, asStatementSet(inserts, end), executionConfig);
    }

    /**
     * The END of a BEGIN STATEMENT SET block whose INSERTs were {@code inserts}, as the EXECUTE STATEMENT SET it runs
     * as, at the END's position: for a caller that plans the block without running it.
     */
    public static ScriptStatement asStatementSet(List<String> inserts, ScriptStatement end) {
        return new ScriptStatement(
                OpenStatementSets.asExecuteStatementSet(inserts), end.offset(), end.line(), end.column());
    }

    private ValidatedStatement validate(Session session, ScriptStatement statement, Configuration executionConfig) {
        return metrics.time(Step.VALIDATE, () -> parseAndValidate(session, statement, executionConfig));
    }

    private ValidatedStatement parseAndValidate(
            Session session, ScriptStatement statement, Configuration executionConfig) {
        OperationExecutor executor = session.createExecutor(executionConfig);
        return parseAndValidate(statement, executor.getTableEnvironment(), executor);
    }

    /** @param executor the session's, for its statement-set state only (making one costs nothing; its environment does) */
    private ValidatedStatement parseAndValidate(
            ScriptStatement statement, TableEnvironmentInternal environment, OperationExecutor executor) {
        ParserLimits.check(statement);
        List<Operation> operations;
        // Catalog functions are resolved (their version fixed) while parsing; start this statement's list afresh,
        // unless it is one INSERT of a statement set, whose job will have the functions of all of them.
        if (!executor.getSessionContext().isStatementSetState()) {
            drainFunctionUses(environment);
        }
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
        return validated.kind() == StatementKind.JOB;
    }

    private ResultFetcher execute(
            Session session,
            Principal owner,
            OperationHandle handle,
            ValidatedStatement validated,
            Optional<Estimate> estimate,
            Optional<EstimateCorrection> correction,
            Configuration executionConfig,
            @Nullable Resumption resumption) {
        String id = handle.getIdentifier().toString();
        String sessionId = session.getSessionHandle().getIdentifier().toString();
        ScriptStatement statement = validated.statement();
        try {
            if (validated.kind() == StatementKind.QUERY) {
                return runQuery(session, handle, validated, id);
            }
            if (validated.kind() == StatementKind.JOB) {
                return submitJob(handle, validated, owner, estimate, correction, id, sessionId, resumption);
            }
            // SET listings and job statements show and touch the caller's tenant's own only.
            Optional<ResultFetcher> answered =
                    control.execute(session.createExecutor(executionConfig), owner, handle, validated.operation());
            if (answered.isPresent()) {
                return answered.get();
            }
            // Other commands go through Flink's own executor; INSERTs inside a BEGIN STATEMENT SET block are only
            // collected.
            ResultFetcher fetcher = session.createExecutor(executionConfig).executeStatement(handle, statement.sql());
            if (validated.operation() instanceof BeginStatementSetOperation) {
                statementSets.begin(session.getSessionHandle());
            } else if (validated.operation() instanceof ModifyOperation) {
                statementSets.add(session.getSessionHandle(), statement.sql());
            }
            return fetcher;
        } catch (Throwable t) {
            GatewayException error = FlinkErrors.toGatewayException(t, statement);
            if (validated.kind() == StatementKind.JOB && resumption == null) {
                recordFailure(id, owner, sessionId, validated, error);
            }
            if (validated.kind() == StatementKind.QUERY) {
                releaseQuery(id, error);
            }
            LOG.info("Statement {} of session {} failed: {}", id, sessionId, error.getMessage());
            // Flink's clients show only the message, so it carries the position and hint too.
            throw new SqlExecutionException(error.describe(), error);
        }
    }

    /**
     * Runs an admitted query, and notes its job so that its admission is released when the job ends. Its results are
     * handed out once its tasks run (see {@link RunningQueries#awaitTasksRunning}).
     */
    private ResultFetcher runQuery(Session session, OperationHandle handle, ValidatedStatement validated, String id) {
        TableResultInternal result = validated.environment().executeInternal(validated.operation());
        control.queryStarted(session.getSessionHandle(), result);
        Optional<JobClient> job = result.getJobClient();
        if (job.isPresent()) {
            // A query whose job is not noted would never be released: it does not run uncounted.
            recordOrCancel(
                    job.get().getJobID(), () -> queries.started(id, job.get().getJobID()));
            queries.awaitTasksRunning(job.get());
        } else {
            queries.release(id);
        }
        return ResultFetcher.fromTableResult(handle, result, true);
    }

    /** Submits a job from the operation validation already made, as Flink's own executor would, and records it. */
    private ResultFetcher submitJob(
            OperationHandle handle,
            ValidatedStatement validated,
            Principal owner,
            Optional<Estimate> estimate,
            Optional<EstimateCorrection> correction,
            String id,
            String sessionId,
            @Nullable Resumption resumption) {
        Operation operation = validated.operation();
        // The environment is this statement's own; its configuration falls back to the session's.
        TableConfig config = validated.environment().getConfig();
        if (config.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, jobCheckpointInterval);
        }
        jobRestarts.fillIn(config);
        TableResultInternal result;
        if (operation instanceof ModifyOperation modify) {
            result = validated.environment().executeInternal(List.of(modify));
        } else if (operation instanceof StatementSetOperation statementSet) {
            result = validated.environment().executeInternal(statementSet.getOperations());
        } else {
            result = validated.environment().executeInternal(operation);
        }
        JobID flinkJobId = result.getJobClient()
                .orElseThrow(() -> new IllegalStateException(
                        "Flink started no job for " + validated.statement().sql()))
                .getJobID();
        List<FunctionUse> resolved = drainFunctionUses(validated.environment());
        recordOrCancel(flinkJobId, () -> {
            List<FunctionUse> uses = resolved;
            if (resumption == null) {
                jobs.submitted(
                        id,
                        owner,
                        sessionId,
                        validated.statement().sql(),
                        JobNames.of(validated),
                        flinkJobId,
                        estimate,
                        StatementFingerprint.of(validated.statement().sql()),
                        correction.map(EstimateCorrection::jobId).orElse(null));
            } else {
                jobs.resumed(resumption, flinkJobId);
                if (correction.isPresent()) {
                    jobs.resumedOnCorrection(resumption.jobId());
                }
                // A resumed job keeps the versions it was recorded with; a newer one it now resolves to is added.
                uses = uses.stream()
                        .filter(use -> !functions.usesOf(id).contains(use))
                        .toList();
            }
            functions.recordUses(id, uses);
        });
        // The same one-row answer Flink's own executor gives, so clients of either listener see no difference.
        return ResultFetcher.fromResults(
                handle,
                ResolvedSchema.of(Column.physical(JOB_ID_COLUMN, DataTypes.STRING())),
                List.of(GenericRowData.of(StringData.fromString(flinkJobId.toString()))),
                flinkJobId,
                result.getResultKind());
    }

    /**
     * Records the job Flink has just started; if the metadata store fails to, cancels the job, which would otherwise
     * run untracked and outside its tenant's quota while the caller is told it failed.
     */
    private void recordOrCancel(JobID flinkJobId, Runnable record) {
        try {
            record.run();
        } catch (RuntimeException e) {
            jobs.cancelUnrecorded(flinkJobId, e);
            throw e;
        }
    }

    /** Records a job statement that failed; a store that fails to takes nothing from the failure reported. */
    private void recordFailure(
            String id, Principal owner, String sessionId, ValidatedStatement validated, GatewayException failure) {
        try {
            jobs.failedToSubmit(
                    id, owner, sessionId, validated.statement().sql(), JobNames.of(validated), failure.getMessage());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("Could not record that job statement {} failed: {}", id, e.toString());
        }
    }

    /** Releases a query that failed; a store that fails to takes nothing from the failure reported. */
    private void releaseQuery(String id, GatewayException failure) {
        try {
            queries.release(id);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("Could not release failed query {}: {}", id, e.toString());
        }
    }

    /** The UDF catalog's versions the session's Sluice catalog resolved since the last call. */
    private static List<FunctionUse> drainFunctionUses(TableEnvironmentInternal environment) {
        CatalogManager catalogs = environment.getCatalogManager();
        return catalogs.listCatalogs().stream()
                .map(catalogs::getCatalog)
                .flatMap(Optional::stream)
                .filter(ResolvesCatalogFunctions.class::isInstance)
                .flatMap(catalog -> ((ResolvesCatalogFunctions) catalog).drainFunctionUses().stream())
                .toList();
    }
}
