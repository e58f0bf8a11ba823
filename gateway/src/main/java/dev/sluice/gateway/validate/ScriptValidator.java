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
import dev.sluice.gateway.pipeline.statement.StatementKind;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
    private final LongSupplier catalogVersion;
    private final ValidationCache cache;
    private final WarmSessions warm;
    private final Duration timeout;
    private final ValidationQueue workers;
    private final ConnectorFactories connectors = new ConnectorFactories();
    private final LaterLints later;
    private final PlannerThreadState plannerThreads = new PlannerThreadState();

    /**
     * @param catalogs makes the caller's view of the real catalog, for a validation to read through its scratch layer
     * @param catalogVersion the version of everything a statement is validated against, raised by every change to it
     * @param cacheSize statements whose findings are kept, so that validating a script again re-validates only the
     *     statements that changed; 0 keeps none
     * @param warmSessions scratch sessions kept with a script's changes applied, for the next validation of the
     *     script to start from; 0 keeps none
     * @param lintThreads threads that plan and lint after an answer without lints, apart from the {@code parallelism}
     *     that answer errors
     * @param queueSize validations that may wait for one of the {@code parallelism} workers; more are refused
     */
    public ScriptValidator(
            SessionManager sessions,
            StatementPipeline pipeline,
            PolicyCheck policy,
            Tenants tenants,
            SessionCatalogs catalogs,
            LongSupplier catalogVersion,
            int cacheSize,
            int warmSessions,
            Duration timeout,
            int parallelism,
            int lintThreads,
            int queueSize,
            int queueSizePerTenant) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.catalogVersion = requireNonNull(catalogVersion, "catalogVersion is null");
        this.cache = new ValidationCache(cacheSize);
        this.warm = new WarmSessions(warmSessions, this::isOpen, this::closeScratch);
        this.later = new LaterLints(lintThreads, Math.max(warmSessions, 1));
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.workers = new ValidationQueue(parallelism, queueSize, queueSizePerTenant);
    }

    /**
     * Validates a script, each statement whose findings are not cached. A statement whose text and the changes the
     * statements before it made are as when it was last validated, by a caller of the same tenant and role, from a
     * session in the same state, against the same catalog version, is answered from the cache, its findings moved to
     * where it starts now; if every statement is, the answer is made on the calling thread without opening a scratch
     * session.
     *
     * @param caller whose tenant's catalog view and policy the script is validated with
     * @param context a session whose settings, current database and TEMPORARY tables the script starts from, or null
     *     for a new session's defaults
     * @param lints whether queries and jobs are planned and linted; without, the report has what parsing, validation
     *     and policy find, and is not {@link ValidationReport#linted()}. Lints being found after an answer without
     *     them are waited for until the validation's deadline, then answered without (not linted), never found again
     * @param editor the editor the script is typed in, as its client names it, or null: a newer validation of the same
     *     caller's same editor supersedes this one if it has not started yet ({@link ValidationReport#superseded()})
     * @throws GatewayException VALIDATION_QUEUE_FULL when too many validations wait for a worker already,
     *     TENANT_LIMIT_REACHED when the caller's tenant holds its share of the places
     */
    public ValidationReport validate(
            String script, Principal caller, @Nullable SessionHandle context, boolean lints, @Nullable String editor) {
        List<ScriptStatement> statements = SqlScript.split(script);
        Supplier<StatementKey.Chain> keys = keysFor(caller, context);
        long deadline = System.nanoTime() + timeout.toNanos();
        ValidationQueue.Editor typist = editor == null ? null : new ValidationQueue.Editor(caller.tokenId(), editor);
        return fromCache(statements, keys, lints, deadline)
                .orElseGet(() -> onWorker(
                        caller,
                        typist,
                        lints,
                        (workDeadline, answer) ->
                                validateCached(statements, caller, context, keys, lints, workDeadline, answer)));
    }

    /**
     * Validates as {@link #validate} does and estimates each query and job with {@code hints}, on the same thread
     * and in the same scratch session, so an estimate costs only its arithmetic on top of validation. Nothing of it
     * is cached: an estimate depends on the hints.
     */
    public ValidationReport estimate(
            String script, Principal caller, @Nullable SessionHandle context, Map<String, SourceHints> hints) {
        requireNonNull(hints, "hints is null");
        return onWorker(
                caller,
                null,
                true,
                (deadline, answer) -> answer.complete(
                        inScratchSession(script, caller, context, hints, deadline, (report, session) -> report)));
    }

    /** Work on a validation worker: completes {@code answer}, and may go on working after it did. */
    private interface WorkerTask {
        void run(long deadline, CompletableFuture<ValidationReport> answer);
    }

    /**
     * Runs {@code work} on a worker and waits for its answer, not for the work to end; answered as superseded at once
     * if a newer validation of {@code editor} comes before it started.
     */
    private ValidationReport onWorker(
            Principal caller, @Nullable ValidationQueue.Editor editor, boolean lints, WorkerTask work) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<ValidationReport> answer = new CompletableFuture<>();
        ValidationQueue.Queued task = workers.submit(
                caller.tenant(),
                editor,
                lints,
                () -> {
                    try {
                        work.run(deadline, answer);
                    } catch (RuntimeException | Error e) {
                        answer.completeExceptionally(e);
                        throw e;
                    }
                },
                () -> answer.complete(ValidationReport.supersededReport()));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Calcite cannot be interrupted, and interrupting the worker would interrupt closing the scratch session:
            // the work stops itself at the next statement past the deadline, and its scratch changes go with it.
            task.cancel();
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
     * The keys of a script's statements, for a validation by {@code caller} from {@code context}. The catalog's
     * version is read first, before anything the validation reads, so a finding is never kept under a version newer
     * than the catalog it saw.
     */
    private Supplier<StatementKey.Chain> keysFor(Principal caller, @Nullable SessionHandle context) {
        long version = catalogVersion.getAsLong();
        Map<String, String> settings =
                context == null ? Map.of() : sessions.getSession(context).getSessionConfig();
        String session = context == null ? "" : SessionTemporaries.describe(pipeline.catalogs(context));
        return () -> StatementKey.Chain.start(caller.tenant(), caller.role().name(), version, settings, session);
    }

    /**
     * The report made of cached findings only, or empty when a statement has none. Lints still being found after an
     * answer without them are waited for (the editor's second request, made when the first was answered) until
     * {@code deadline}; those not found by then are answered without, the report not linted: finding them again in
     * a new session, on the workers that answer errors, would only add to the load that delayed them.
     */
    private Optional<ValidationReport> fromCache(
            List<ScriptStatement> statements, Supplier<StatementKey.Chain> keys, boolean lints, long deadline) {
        StatementKey.Chain chain = keys.get();
        List<Diagnostic> diagnostics = new ArrayList<>();
        boolean linted = true;
        for (ScriptStatement statement : statements) {
            Optional<ValidationCache.Finding> kept;
            try {
                StatementKey key = chain.keyOf(statement);
                if (lints && cache.get(key, statement, true).isEmpty()) {
                    // Lints queued after an answer without them, not started yet: found now, on a worker. Only then:
                    // an offer takes a place in the validation queue, which no tenant's request should waste.
                    StatementKey state = chain.state();
                    if (later.isWaiting(state)) {
                        workers.offerOwedLints(() -> later.runHere(state));
                    }
                }
                kept = cache.getOrAwait(key, statement, lints, deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException(ErrorCode.INTERNAL, "Validation was interrupted.");
            }
            if (kept.isEmpty()) {
                return Optional.empty();
            }
            diagnostics.addAll(kept.get().diagnostics());
            linted &= kept.get().linted();
            if (kept.get().changedScratch()) {
                chain.changedBy(statement);
            }
        }
        return Optional.of(new ValidationReport(diagnostics, List.of(), linted));
    }

    /**
     * Validates the statements without a cached finding, in a scratch session taken at the first of them: a warm one
     * in the state the statements before it leave, or a new one to which the statements before it that changed the
     * scratch session are applied (parsed, not checked again). Without lints, the answer is given as soon as the
     * errors are known, and then the queries and jobs validated here are planned and linted all the same, in the same
     * session, for the editor's request with lints to find ready (or waiting) in the cache instead of parsing them
     * again. The session is kept warm afterwards, in the state the whole script leaves, unless something went wrong.
     */
    private void validateCached(
            List<ScriptStatement> statements,
            Principal caller,
            @Nullable SessionHandle context,
            Supplier<StatementKey.Chain> keys,
            boolean lints,
            long deadline,
            CompletableFuture<ValidationReport> answer) {
        StatementKey.Chain chain = keys.get();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<ScriptStatement> changesBefore = new ArrayList<>();
        List<Unlinted> unlinted = new ArrayList<>();
        boolean linted = true;
        // Whether the session is in the state the chain says: then its findings may be cached, and it kept warm.
        boolean trusted = true;
        ScratchSession session = null;
        boolean handedOver = false;
        try {
            for (ScriptStatement statement : statements) {
                if (System.nanoTime() - deadline > 0) {
                    trusted = false;
                    answer.complete(new ValidationReport(List.of(timedOut())));
                    return;
                }
                StatementKey key = chain.keyOf(statement);
                Optional<ValidationCache.Finding> kept = cache.get(key, statement, lints);
                ValidationCache.Finding finding;
                if (kept.isPresent()) {
                    finding = kept.get();
                    if (finding.changedScratch() && session == null) {
                        changesBefore.add(statement);
                    } else if (finding.changedScratch()) {
                        trusted &= replay(session, statement);
                    }
                } else {
                    if (session == null) {
                        StatementKey state = chain.state();
                        Optional<ScratchSession> warmSession =
                                later.takeBack(state).or(() -> warm.take(state));
                        if (warmSession.isPresent()) {
                            session = warmSession.get();
                            tenants.opened(session.handle(), caller);
                        } else {
                            session = openScratch(caller, context);
                            for (ScriptStatement change : changesBefore) {
                                trusted &= replay(session, change);
                            }
                        }
                    }
                    Outcome outcome = validateStatement(
                            session, statement, null, new ArrayList<>(), lints, new StatementSetBlock());
                    finding = new ValidationCache.Finding(
                            outcome.diagnostics(), outcome.linted(), outcome.applied(), statement);
                    if (outcome.lasting() && trusted) {
                        cache.put(key, finding);
                        if (outcome.unplanned() != null) {
                            unlinted.add(new Unlinted(key, finding, outcome.unplanned(), cache.lintingStarted(key)));
                        }
                    }
                    trusted &= outcome.lasting();
                }
                diagnostics.addAll(finding.diagnostics());
                linted &= finding.linted();
                if (finding.changedScratch()) {
                    chain.changedBy(statement);
                    // Planned after this change, those before it could see what it changed: left to the next request.
                    unlinted.forEach(Unlinted::abandon);
                    unlinted.clear();
                }
            }
            answer.complete(new ValidationReport(diagnostics, List.of(), linted));
            if (session != null && trusted && !unlinted.isEmpty()) {
                StatementKey state = chain.state();
                List<Unlinted> owed = List.copyOf(unlinted);
                later.submit(
                        state,
                        session,
                        new LaterLints.Work(
                                lintSession -> lintThenKeep(state, lintSession, owed, deadline),
                                () -> owed.forEach(Unlinted::abandon),
                                kept -> release(state, kept, true)));
                handedOver = true;
            }
        } catch (RuntimeException | Error e) {
            trusted = false;
            throw e;
        } finally {
            if (!handedOver) {
                unlinted.forEach(Unlinted::abandon);
                if (session != null) {
                    release(chain.state(), session, trusted);
                }
            }
        }
    }

    /** Plans and lints what an answer without lints validated, then keeps the session warm unless that failed. */
    private void lintThenKeep(StatementKey state, ScratchSession session, List<Unlinted> owed, long deadline) {
        boolean trusted = true;
        try {
            session.usedOnThisThread();
            for (Unlinted statement : owed) {
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
                trusted &= lint(session, statement);
            }
        } catch (RuntimeException | Error e) {
            trusted = false;
            LOG.warn("Linting a validated statement failed unexpectedly", e);
        } finally {
            owed.forEach(Unlinted::abandon);
            release(state, session, trusted);
        }
    }

    /** Keeps a scratch session warm in {@code state} if it is in that state ({@code trusted}), else closes it. */
    private void release(StatementKey state, ScratchSession session, boolean trusted) {
        if (trusted) {
            // Kept, it is nobody's open session: the tenants' session counts leave it out until it is taken again.
            tenants.closed(session.handle());
            warm.keep(state, session);
        } else {
            closeScratch(session);
        }
    }

    /** A query or job validated without lints, and the future its linted finding is awaited on. */
    private record Unlinted(
            StatementKey key,
            ValidationCache.Finding finding,
            ValidatedStatement validated,
            CompletableFuture<Optional<ValidationCache.Finding>> linted) {

        /** Nobody waits longer for lints that will not be found here; a request for them plans the statement. */
        void abandon() {
            linted.complete(Optional.empty());
        }
    }

    /**
     * Plans and lints a statement validated without lints, keeps the finding with them and hands it to whoever waits.
     *
     * @return false if something nobody foresaw failed, so the session is not kept
     */
    private boolean lint(ScratchSession session, Unlinted statement) {
        List<Diagnostic> diagnostics = new ArrayList<>(statement.finding().diagnostics());
        try {
            diagnostics.addAll(pipeline.check(session.handle(), statement.validated(), null)
                    .warnings());
        } catch (GatewayException e) {
            diagnostics.add(explained(Diagnostic.error(e), statement.validated().statement(), session.handle()));
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("Linting a validated statement failed unexpectedly", e);
            return false;
        }
        Outcome outcome = Outcome.of(diagnostics, true, false);
        if (!outcome.lasting()) {
            return true;
        }
        ValidationCache.Finding finding = new ValidationCache.Finding(
                diagnostics, true, false, statement.finding().foundAt());
        cache.put(statement.key(), finding);
        statement.linted().complete(Optional.of(finding));
        return true;
    }

    /**
     * Applies a statement whose cached finding says it changed the scratch session when it was validated under the
     * same key: parsed and applied, not policed, planned or linted again.
     *
     * @return false if it could not be applied this time, so the session is not in the state the script's keys say
     *     (nothing found in it is cached then)
     */
    private boolean replay(ScratchSession session, ScriptStatement statement) {
        try {
            ValidatedStatement validated =
                    pipeline.validate(session.handle(), statement, session.environment(pipeline));
            Operation change = scratchChange(validated.operation());
            if (change != null) {
                apply(session, validated, change, changesSession(change));
            }
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("Could not apply a validated statement to a scratch session again", e);
            return false;
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
        ScratchSession session = openScratch(caller, context);
        try {
            for (ScriptStatement statement : statements) {
                if (System.nanoTime() - deadline > 0) {
                    // Free the worker for the next script. The caller answers VALIDATION_TIMEOUT, or, when this
                    // report reaches it first (the two clocks meet at the deadline), this report does: a script
                    // not validated to its end is never reported valid.
                    return work.apply(new ValidationReport(List.of(timedOut())), session.handle());
                }
                diagnostics.addAll(validateStatement(session, statement, hints, estimates, true, block)
                        .diagnostics());
            }
            return work.apply(new ValidationReport(diagnostics, estimates), session.handle());
        } finally {
            closeScratch(session);
        }
    }

    /** A scratch session for {@code caller}, starting from {@code context}'s settings and TEMPORARY tables. */
    private ScratchSession openScratch(Principal caller, @Nullable SessionHandle context) {
        SessionHandle session =
                sessions.openSession(scratchEnvironment(caller, context)).getSessionHandle();
        tenants.opened(session, caller);
        if (context != null) {
            SessionTemporaries.copy(pipeline.catalogs(context), pipeline.catalogs(session));
        }
        return new ScratchSession(session, plannerThreads);
    }

    private void closeScratch(ScratchSession session) {
        try {
            sessions.closeSession(session.handle());
        } catch (RuntimeException e) {
            // A kept session the session manager closed as idle is gone already.
            LOG.debug("Scratch session {} was closed already", session.handle(), e);
        }
        tenants.closed(session.handle());
    }

    private boolean isOpen(ScratchSession session) {
        try {
            sessions.getSession(session.handle());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        workers.close();
        later.close();
        warm.close();
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
     * What validating one statement found; whether it is all a validation with lints would find (not when a query or
     * job went unplanned); whether it changed the scratch session; and whether the finding lasts (is worth caching):
     * not when something nobody foresaw failed, or the metadata store did, which may pass.
     */
    private record Outcome(
            List<Diagnostic> diagnostics,
            boolean linted,
            boolean applied,
            boolean lasting,
            @Nullable ValidatedStatement unplanned) {

        static Outcome of(List<Diagnostic> diagnostics) {
            return of(diagnostics, true, false);
        }

        static Outcome of(List<Diagnostic> diagnostics, boolean linted, boolean applied) {
            boolean passing = diagnostics.stream()
                    .map(Diagnostic::code)
                    .anyMatch(code -> code.equals(ErrorCode.METADATA_STORE_UNAVAILABLE.name())
                            || code.equals(ErrorCode.INTERNAL.name()));
            return new Outcome(diagnostics, linted, applied, !passing, null);
        }

        /** A query or job that passed validation and policy but was not planned: it can still be linted. */
        static Outcome unplanned(List<Diagnostic> diagnostics, ValidatedStatement statement) {
            Outcome outcome = of(diagnostics, false, false);
            return new Outcome(diagnostics, false, false, outcome.lasting(), statement);
        }
    }

    /**
     * @param hints null to validate only; else the hints to estimate with, each estimate added to {@code estimates}
     * @param lints whether a query or job is planned and linted
     * @param block the script's open BEGIN STATEMENT SET block: its INSERTs are one job, estimated at its END
     */
    private Outcome validateStatement(
            ScratchSession session,
            ScriptStatement statement,
            @Nullable Map<String, SourceHints> hints,
            List<ValidationReport.StatementEstimate> estimates,
            boolean lints,
            StatementSetBlock block) {
        try {
            return checkAndApply(session, statement, hints, estimates, lints, block);
        } catch (RuntimeException | StackOverflowError e) {
            // A failure nobody foresaw (or planning a very deep statement) belongs to its statement, not to a 500.
            LOG.warn("Validating a statement failed unexpectedly", e);
            return new Outcome(
                    List.of(Diagnostic.error(FlinkErrors.toGatewayException(e, statement))), true, false, false, null);
        }
    }

    private Outcome checkAndApply(
            ScratchSession scratch,
            ScriptStatement statement,
            @Nullable Map<String, SourceHints> hints,
            List<ValidationReport.StatementEstimate> estimates,
            boolean lints,
            StatementSetBlock block) {
        SessionHandle session = scratch.handle();
        ValidatedStatement validated;
        try {
            validated = pipeline.validate(session, statement, scratch.environment(pipeline));
        } catch (GatewayException e) {
            return Outcome.of(List.of(explained(Diagnostic.error(e), statement, session)));
        }
        List<Diagnostic> denials = policy.diagnostics(session, validated);
        if (!denials.isEmpty()) {
            // Not applied even to the scratch session: a denied CREATE CATALOG would run the catalog's factory.
            return Outcome.of(denials);
        }
        Operation operation = validated.operation();
        if (operation instanceof BeginStatementSetOperation) {
            block.begin();
        } else if (operation instanceof EndStatementSetOperation && block.isOpen()) {
            List<String> inserts = block.end();
            return hints == null || inserts.isEmpty()
                    ? Outcome.of(List.of())
                    : checkAndApply(
                            scratch,
                            StatementPipeline.asStatementSet(inserts, statement),
                            hints,
                            estimates,
                            lints,
                            block);
        } else if (operation instanceof ModifyOperation && block.isOpen()) {
            block.add(statement.sql());
        }
        // An INSERT inside a block is linted alone, but estimated with its block, as the one job it runs in.
        @Nullable Map<String, SourceHints> estimateWith = block.isOpen() ? null : hints;
        List<Diagnostic> warnings = List.of();
        if (lints) {
            try {
                StatementPipeline.Checked checked = pipeline.check(session, validated, estimateWith);
                warnings = checked.warnings();
                checked.estimate()
                        .ifPresent(
                                estimate -> estimates.add(new ValidationReport.StatementEstimate(statement, estimate)));
            } catch (GatewayException e) {
                return Outcome.of(List.of(explained(Diagnostic.error(e), statement, session)));
            }
        }
        // A command has no plan: without lints it is checked as far as with them.
        boolean linted = lints || validated.kind() == StatementKind.COMMAND;
        Operation scratchChange = scratchChange(validated.operation());
        if (scratchChange == null) {
            return linted ? Outcome.of(warnings, true, false) : Outcome.unplanned(warnings, validated);
        }
        try {
            apply(scratch, validated, scratchChange, changesSession(scratchChange));
        } catch (GatewayException e) {
            return Outcome.of(List.of(Diagnostic.error(e)), linted, false);
        }
        return Outcome.of(warnings, linted, true);
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
    private void apply(ScratchSession session, ValidatedStatement validated, Operation change, boolean changesSession) {
        // Whether it succeeds or not, the session may have changed: the next statement gets an environment made after.
        session.changed();
        try {
            if (changesSession) {
                sessions.getSession(session.handle())
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
                        (config, classLoader) -> catalogs.forCaller(
                                caller, real -> new ScratchCatalog(catalogs.name(), real, connectors)))
                .setDefaultCatalog(catalogs.name())
                .build();
    }
}
