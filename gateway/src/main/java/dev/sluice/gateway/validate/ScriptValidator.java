package dev.sluice.gateway.validate;

import dev.sluice.estimate.model.SourceHints;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.catalog.SessionCatalogs;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.policy.PolicyCheck;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionEnvironment;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.rest.util.SqlGatewayRestAPIVersion;
import org.apache.flink.table.gateway.service.session.SessionManager;
import org.apache.flink.table.operations.BeginStatementSetOperation;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.EndStatementSetOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.UseOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.ddl.AlterOperation;
import org.apache.flink.table.operations.ddl.CreateOperation;
import org.apache.flink.table.operations.ddl.DropOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/**
 * Validates a whole script without running it and without changing any catalog: the script runs in a scratch
 * session whose catalog is a {@link ScratchCatalog} over the real one, so its DDL is seen by the statements after it
 * and by nothing else; a caller's session lends it its settings and its TEMPORARY tables. Only statements that
 * change the catalog or the session's settings are applied there; a query or job is validated, never run. Every
 * statement is checked, so one answer lists every problem of the script.
 */
public final class ScriptValidator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptValidator.class);

    private final SessionManager sessions;
    private final StatementPipeline pipeline;
    private final PolicyCheck policy;
    private final Tenants tenants;
    private final SessionCatalogs catalogs;
    private final Duration timeout;
    private final ExecutorService workers;

    /** @param catalogs makes the caller's view of the real catalog, for a validation to read through its scratch layer */
    public ScriptValidator(
            SessionManager sessions,
            StatementPipeline pipeline,
            PolicyCheck policy,
            Tenants tenants,
            SessionCatalogs catalogs,
            Duration timeout,
            int parallelism) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.workers = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "sluice-validator");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param caller whose tenant's catalog view and policy the script is validated with
     * @param context a session whose settings and current database the script starts from, or null for a new
     *     session's defaults
     */
    public ValidationReport validate(String script, Principal caller, @Nullable SessionHandle context) {
        return check(script, caller, context, null);
    }

    /**
     * Validates as {@link #validate} does and estimates each query and job with {@code hints}, on the same thread
     * and in the same scratch session, so an estimate costs only its arithmetic on top of validation.
     */
    public ValidationReport estimate(
            String script, Principal caller, @Nullable SessionHandle context, Map<String, SourceHints> hints) {
        return check(script, caller, context, requireNonNull(hints, "hints is null"));
    }

    private ValidationReport check(
            String script,
            Principal caller,
            @Nullable SessionHandle context,
            @Nullable Map<String, SourceHints> hints) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<ValidationReport> report = workers.submit(() -> validateNow(script, caller, context, hints, deadline));
        try {
            return report.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Calcite cannot be interrupted, and interrupting the worker would interrupt closing the scratch session:
            // the work stops itself at the next statement past the deadline, and its scratch changes go with it.
            report.cancel(false);
            return new ValidationReport(List.of(timedOut()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GatewayException gatewayException) {
                throw gatewayException;
            }
            throw new IllegalStateException("Validation failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorCode.INTERNAL, "Validation was interrupted.");
        }
    }

    /**
     * Validates the script as {@link #validate} does (a new session's defaults), but on the calling thread, then hands
     * {@code work} the report and the scratch session with the script's changes applied, and closes that session once
     * {@code work} is done: how a statement test runs its statement on its script's tables without keeping any of them.
     *
     * @param deadline {@link System#nanoTime()} past which no further statement is validated (the report says so)
     */
    public <T> T validateThen(
            String script, Principal caller, long deadline, BiFunction<ValidationReport, SessionHandle, T> work) {
        return inScratchSession(script, caller, null, null, deadline, requireNonNull(work, "work is null"));
    }

    private ValidationReport validateNow(
            String script,
            Principal caller,
            @Nullable SessionHandle context,
            @Nullable Map<String, SourceHints> hints,
            long deadline) {
        return inScratchSession(script, caller, context, hints, deadline, (report, session) -> report);
    }

    private <T> T inScratchSession(
            String script,
            Principal caller,
            @Nullable SessionHandle context,
            @Nullable Map<String, SourceHints> hints,
            long deadline,
            BiFunction<ValidationReport, SessionHandle, T> work) {
        List<ScriptStatement> statements = SqlScript.split(script);
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<ValidationReport.StatementEstimate> estimates = new ArrayList<>();
        StatementSetBlock block = new StatementSetBlock();
        SessionHandle session =
                sessions.openSession(scratchEnvironment(caller, context)).getSessionHandle();
        tenants.opened(session, caller);
        try {
            if (context != null) {
                SessionTemporaries.copy(pipeline.catalogs(context), pipeline.catalogs(session));
            }
            for (ScriptStatement statement : statements) {
                if (System.nanoTime() - deadline > 0) {
                    // Free the worker for the next script. The caller answers VALIDATION_TIMEOUT, or, when this
                    // report reaches it first (the two clocks meet at the deadline), this report does: a script
                    // not validated to its end is never reported valid.
                    return work.apply(new ValidationReport(List.of(timedOut())), session);
                }
                try {
                    diagnostics.addAll(validate(session, statement, hints, estimates, block));
                } catch (RuntimeException | StackOverflowError e) {
                    // A failure nobody foresaw (or planning a very deep statement) belongs to its statement, not to a
                    // 500.
                    LOG.warn("Validating a statement failed unexpectedly", e);
                    diagnostics.add(Diagnostic.error(FlinkErrors.toGatewayException(e, statement)));
                }
            }
            return work.apply(new ValidationReport(diagnostics, estimates), session);
        } finally {
            sessions.closeSession(session);
            tenants.closed(session);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private Diagnostic timedOut() {
        return new Diagnostic(
                Diagnostic.Severity.ERROR,
                "VALIDATION_TIMEOUT",
                "Validating the script took longer than " + timeout.toMillis() + " ms.",
                null,
                "Split the script, or simplify its deepest expressions.");
    }

    /**
     * @param hints null to validate only; else the hints to estimate with, each estimate added to {@code estimates}
     * @param block the script's open BEGIN STATEMENT SET block: its INSERTs are one job, estimated at its END
     */
    private List<Diagnostic> validate(
            SessionHandle session,
            ScriptStatement statement,
            @Nullable Map<String, SourceHints> hints,
            List<ValidationReport.StatementEstimate> estimates,
            StatementSetBlock block) {
        ValidatedStatement validated;
        try {
            validated = pipeline.validate(session, statement);
        } catch (GatewayException e) {
            return List.of(explained(Diagnostic.error(e), statement, session));
        }
        List<Diagnostic> denials = policy.diagnostics(session, validated);
        if (!denials.isEmpty()) {
            // Not applied even to the scratch session: a denied CREATE CATALOG would run the catalog's factory.
            return denials;
        }
        Operation operation = validated.operation();
        if (operation instanceof BeginStatementSetOperation) {
            block.begin();
        } else if (operation instanceof EndStatementSetOperation && block.isOpen()) {
            List<String> inserts = block.end();
            return hints == null || inserts.isEmpty()
                    ? List.of()
                    : validate(session, StatementPipeline.asStatementSet(inserts, statement), hints, estimates, block);
        } else if (operation instanceof ModifyOperation && block.isOpen()) {
            block.add(statement.sql());
        }
        // An INSERT inside a block is linted alone, but estimated with its block, as the one job it runs in.
        @Nullable Map<String, SourceHints> estimateWith = block.isOpen() ? null : hints;
        List<Diagnostic> warnings;
        try {
            StatementPipeline.Checked checked = pipeline.check(session, validated, estimateWith);
            warnings = checked.warnings();
            checked.estimate()
                    .ifPresent(estimate -> estimates.add(new ValidationReport.StatementEstimate(statement, estimate)));
        } catch (GatewayException e) {
            return List.of(explained(Diagnostic.error(e), statement, session));
        }
        Operation scratchChange = scratchChange(validated.operation());
        if (scratchChange != null) {
            try {
                apply(session, validated, scratchChange, changesSession(scratchChange));
            } catch (GatewayException e) {
                return List.of(Diagnostic.error(e));
            }
        }
        return warnings;
    }

    /**
     * What a statement changes in the scratch session: the statement itself for DDL, USE, SET and RESET; for CREATE
     * TABLE AS SELECT only its table, as its job must not run.
     */
    @Nullable
    private static Operation scratchChange(Operation operation) {
        if (operation instanceof CreateOperation
                || operation instanceof DropOperation
                || operation instanceof AlterOperation
                || operation instanceof UseOperation
                || operation instanceof SetOperation
                || operation instanceof ResetOperation) {
            return operation;
        }
        if (operation instanceof CreateTableASOperation createTableAs) {
            return createTableAs.getCreateTableOperation();
        }
        if (operation instanceof ReplaceTableAsOperation replaceTableAs) {
            return replaceTableAs.getCreateTableOperation();
        }
        return null;
    }

    /** SET, RESET and USE change the session's settings, which only the session's executor updates. */
    private static boolean changesSession(Operation change) {
        return change instanceof SetOperation || change instanceof ResetOperation || change instanceof UseOperation;
    }

    /**
     * Applies a change to the scratch session: through the session's executor when it changes the session, else the
     * operation validation already made, as parsing and validating it again would double the cost of each DDL.
     */
    private void apply(
            SessionHandle sessionHandle, ValidatedStatement validated, Operation change, boolean changesSession) {
        try {
            if (changesSession) {
                sessions.getSession(sessionHandle)
                        .createExecutor()
                        .executeStatement(
                                OperationHandle.create(), validated.statement().sql());
            } else {
                // In the environment that validated it: a view's query holds that planner's relational trees.
                validated.environment().executeInternal(change);
            }
        } catch (Exception | StackOverflowError e) {
            throw FlinkErrors.toGatewayException(e, validated.statement());
        }
    }

    /**
     * Flink's error in the words and at the place an analyst looks for: an unknown function at its name, an unknown
     * name with the nearest known ones.
     */
    private Diagnostic explained(Diagnostic diagnostic, ScriptStatement statement, SessionHandle session) {
        if (diagnostic.hint() != null) {
            return diagnostic;
        }
        TableEnvironment tableEnv =
                sessions.getSession(session).createExecutor().getTableEnvironment();
        return UnknownFunctions.reword(diagnostic, statement, tableEnv)
                .or(() -> NameSuggestions.forMessage(diagnostic.message(), statement.sql(), tableEnv)
                        .map(diagnostic::withHint))
                .orElse(diagnostic);
    }

    private SessionEnvironment scratchEnvironment(Principal caller, @Nullable SessionHandle context) {
        Map<String, String> settings =
                context == null ? Map.of() : sessions.getSession(context).getSessionConfig();
        return SessionEnvironment.newBuilder()
                .setSessionEndpointVersion(SqlGatewayRestAPIVersion.getDefaultVersion())
                .addSessionConfig(settings)
                .registerCatalogCreator(
                        catalogs.name(),
                        (config, classLoader) ->
                                catalogs.forCaller(caller, real -> new ScratchCatalog(catalogs.name(), real)))
                .setDefaultCatalog(catalogs.name())
                .build();
    }
}
