package dev.sluice.gateway.session;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.catalog.SessionCatalogs;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.control.DisclosedSettings;
import dev.sluice.gateway.pipeline.policy.PolicyCheck;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import dev.sluice.gateway.store.HistoryStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.gateway.api.SqlGatewayService;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.results.FetchOrientation;
import org.apache.flink.table.gateway.api.results.OperationInfo;
import org.apache.flink.table.gateway.api.results.ResultSet;
import org.apache.flink.table.gateway.api.session.SessionEnvironment;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;
import org.apache.flink.table.gateway.rest.util.SqlGatewayRestAPIVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Sessions on Flink's session manager, each bound to the token that opened it. Their count per tenant is capped, and
 * a sweeper closes the sessions of tokens revoked elsewhere (another gateway on the same metadata store); a token
 * revoked here closes its sessions at once ({@link #closeSessionsOf}). Flink's session manager still closes idle
 * sessions by itself; they are forgotten here when next looked at.
 *
 * <p>Every listener reads a query's results through {@link #fetchResults}, so here is where it is seen whether anyone
 * still reads them: a query nobody read for the unread timeout is cancelled (its job, and with it the slots and the
 * tenant's query count it holds), whichever listener ran it.
 */
public final class SessionServiceImpl implements SessionService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionServiceImpl.class);

    private final SqlGatewayService flink;
    private final Predicate<SessionHandle> isOpen;
    private final TokenAuthenticator tokens;
    private final Tenants tenants;
    private final PolicyCheck policy;
    private final SessionCatalogs catalogs;
    private final StatementPipeline pipeline;
    private final int maxSessionsPerTenant;
    private final Duration unreadQueryTimeout;
    private final Map<SessionHandle, Opened> open = new ConcurrentHashMap<>();
    private final OpenQueries queries;
    private final StatementHistory history;
    private final ScheduledExecutorService sweeper;

    /**
     * @param flink Flink's own service over the session manager, which runs what the pipeline has admitted
     * @param isOpen whether the session manager still has a session, without touching it (which would keep it from
     *     ever closing when idle)
     * @param revocationSweepInterval how often the tokens of open sessions are checked for revocation
     * @param history where each statement submitted is recorded as its user's, and how it ended
     * @param unreadQueryTimeout how long a query's results may go unread before it is cancelled
     */
    public SessionServiceImpl(
            SqlGatewayService flink,
            Predicate<SessionHandle> isOpen,
            TokenAuthenticator tokens,
            Tenants tenants,
            PolicyCheck policy,
            SessionCatalogs catalogs,
            StatementPipeline pipeline,
            StatementHistory history,
            int maxSessionsPerTenant,
            Duration revocationSweepInterval,
            Duration unreadQueryTimeout,
            Clock clock) {
        this.flink = requireNonNull(flink, "flink is null");
        this.isOpen = requireNonNull(isOpen, "isOpen is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.history = requireNonNull(history, "history is null");
        this.maxSessionsPerTenant = maxSessionsPerTenant;
        this.unreadQueryTimeout = requireNonNull(unreadQueryTimeout, "unreadQueryTimeout is null");
        this.queries = new OpenQueries(clock);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-revoked-sessions");
            thread.setDaemon(true);
            return thread;
        });
        long interval = revocationSweepInterval.toMillis();
        sweeper.scheduleWithFixedDelay(this::closeSessionsOfRevokedTokens, interval, interval, TimeUnit.MILLISECONDS);
        // Often enough that a query goes at most a quarter of the timeout past it.
        long unreadSweep = Math.max(100, Math.min(unreadQueryTimeout.toMillis() / 4, 5_000));
        sweeper.scheduleWithFixedDelay(this::cancelUnreadQueries, unreadSweep, unreadSweep, TimeUnit.MILLISECONDS);
    }

    /**
     * The session starts in the owner's tenant database (an analyst sees no other), its statements run under the
     * tenant's policy, and its jobs are recorded as the tenant's. Session properties set configuration as SET does,
     * so the policy applies to them too.
     */
    @Override
    public SessionHandle open(Principal owner, Listener listener, Map<String, String> properties) {
        return open(owner, listener, properties, true);
    }

    /**
     * An open session: who opened it, through which listener, and whether it counts against the tenant's cap (a
     * client's does).
     */
    private record Opened(Principal owner, Listener listener, boolean counted) {}

    private SessionHandle open(Principal owner, Listener listener, Map<String, String> properties, boolean counted) {
        SessionEnvironment environment = SessionEnvironment.newBuilder()
                .setSessionEndpointVersion(SqlGatewayRestAPIVersion.getDefaultVersion())
                .addSessionConfig(policy.sessionProperties(owner.tenant(), properties))
                .registerCatalogCreator(catalogs.name(), (configuration, classLoader) -> catalogs.forCaller(owner))
                .setDefaultCatalog(catalogs.name())
                .build();
        // Counting and opening under one lock, so concurrent opens cannot pass the cap together.
        synchronized (open) {
            forgetClosedSessions();
            long opened = open.values().stream()
                    .filter(session ->
                            session.counted() && session.owner().tenant().equals(owner.tenant()))
                    .count();
            if (counted && opened >= maxSessionsPerTenant) {
                throw new GatewayException(
                        ErrorCode.TENANT_LIMIT_REACHED,
                        "Tenant '" + owner.tenant() + "' has " + opened + " sessions open, as many as it may"
                                + " (sluice.limits.max-sessions-per-tenant = " + maxSessionsPerTenant + ").",
                        null,
                        null,
                        "Close sessions you no longer use (DELETE /api/v1/sessions/{id}, or close the JDBC connection or"
                                + " SQL Client); idle sessions also close by themselves after a while.",
                        null);
            }
            SessionHandle session = flink.openSession(environment);
            open.put(session, new Opened(owner, listener, counted));
            tenants.opened(session, owner);
            return session;
        }
    }

    @Override
    public boolean isOpen(SessionHandle session) {
        return open.containsKey(session) && isOpen.test(session);
    }

    @Override
    public Principal owner(SessionHandle session) {
        Opened opened = open.get(session);
        if (opened == null || !isOpen.test(session)) {
            throw notFound(session);
        }
        Principal owner = opened.owner();
        if (!tokens.isActive(owner.tokenId())) {
            // Revoked on another gateway since the last sweep: closed now, and already as good as gone.
            close(session);
            throw notFound(session);
        }
        return owner;
    }

    @Override
    public SessionHandle require(SessionHandle session, Principal caller) {
        Opened opened = open.get(session);
        if (opened == null || !opened.owner().tokenId().equals(caller.tokenId())) {
            throw notFound(session);
        }
        owner(session);
        return session;
    }

    @Override
    public void close(SessionHandle session) {
        history.sessionsClosed(session::equals);
        open.remove(session);
        queries.sessionClosed(session);
        tenants.closed(session);
        try {
            flink.closeSession(session);
        } catch (SqlGatewayException e) {
            // Closed meanwhile by the session manager (idle): nothing left to close.
            LOG.debug("Session {} was already closed: {}", session, e.getMessage());
        }
    }

    @Override
    public <T> T runAs(Principal owner, Map<String, String> properties, Function<SessionHandle, T> work) {
        // Not counted: it closes as soon as its statement is submitted, and an approval must not fail on the cap.
        SessionHandle session = open(owner, Listener.API, properties, false);
        try {
            return work.apply(session);
        } finally {
            close(session);
        }
    }

    @Override
    public SubmittedStatement submit(SessionHandle session, ScriptStatement statement, Configuration executionConfig) {
        Principal owner = owner(session);
        String entry = history.started(owner, open.get(session).listener(), statement.sql());
        SubmittedStatement submitted;
        try {
            submitted = pipeline.submit(session, statement, executionConfig);
        } catch (RuntimeException e) {
            history.notRun(entry, e);
            throw e;
        }
        history.submitted(entry, submitted, () -> pipeline.awaitSubmission(submitted));
        if (submitted.kind() == StatementKind.QUERY) {
            Instant now = queries.now();
            queries.started(new RunningQuery(
                    session, submitted.operation(), owner, open.get(session).listener(), statement.sql(), now, now, 0));
        }
        return submitted;
    }

    @Override
    public ValidatedStatement validate(SessionHandle session, ScriptStatement statement) {
        owner(session);
        ValidatedStatement validated = pipeline.validate(session, statement);
        policy.enforce(session, validated, Map.of());
        return validated;
    }

    @Override
    public <T> T readCatalog(SessionHandle session, Function<CatalogManager, T> reader) {
        owner(session);
        return reader.apply(pipeline.catalogs(session));
    }

    @Override
    public void configure(SessionHandle session, String statement) {
        owner(session);
        policy.enforce(session, pipeline.validate(session, ScriptStatement.whole(statement)), Map.of());
        flink.configureSession(session, statement, 0);
    }

    @Override
    public ResultSet fetchResults(SessionHandle session, OperationHandle operation, long token, int maxRows) {
        owner(session);
        return followed(operation, () -> flink.fetchResults(session, operation, token, maxRows));
    }

    @Override
    public ResultSet fetchResults(
            SessionHandle session, OperationHandle operation, FetchOrientation orientation, int maxRows) {
        owner(session);
        return followed(operation, () -> flink.fetchResults(session, operation, orientation, maxRows));
    }

    /** A page of results, noting the end of a query, or its failure. */
    private ResultSet followed(OperationHandle operation, Supplier<ResultSet> fetch) {
        ResultSet page;
        try {
            page = reading(operation, fetch);
        } catch (RuntimeException e) {
            if (queryFailed(e)) {
                history.ended(
                        operation,
                        HistoryStatus.FAILED,
                        "It failed while its rows were read; its client was told why.");
            }
            throw e;
        }
        if (page.getResultType() == ResultSet.ResultType.EOS) {
            history.ended(operation, HistoryStatus.SUCCEEDED, null);
            queries.ended(operation);
        }
        return page;
    }

    /**
     * Whether a read failed because the query did (its job failed), rather than the read alone: Flink refuses a token
     * out of sequence, or a page size below the last one, with an {@link IllegalArgumentException}.
     */
    private static boolean queryFailed(RuntimeException readFailure) {
        for (Throwable cause = readFailure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException) {
                return false;
            }
        }
        return true;
    }

    /**
     * A call waiting on the operation's results; a query the gateway cancelled meanwhile fails with the reason rather
     * than with Flink's word for an operation that is gone.
     */
    private <T> T reading(OperationHandle operation, Supplier<T> call) {
        OpenQueries.Reading reading = queries.reading(operation);
        try {
            return call.get();
        } catch (RuntimeException e) {
            queries.requireNotCancelled(operation);
            throw e;
        } finally {
            reading.done();
        }
    }

    @Override
    public ResolvedSchema resultSchema(SessionHandle session, OperationHandle operation) {
        owner(session);
        // Waits until the query's job runs: the first wait of its reader.
        return reading(operation, () -> flink.getOperationResultSchema(session, operation));
    }

    @Override
    public OperationInfo operationInfo(SessionHandle session, OperationHandle operation) {
        owner(session);
        return flink.getOperationInfo(session, operation);
    }

    @Override
    public void cancelOperation(SessionHandle session, OperationHandle operation) {
        owner(session);
        closingByClient(session, operation);
        flink.cancelOperation(session, operation);
        queries.ended(operation);
    }

    @Override
    public void closeOperation(SessionHandle session, OperationHandle operation) {
        owner(session);
        closingByClient(session, operation);
        flink.closeOperation(session, operation);
        queries.ended(operation);
    }

    /**
     * Ends the history entry of a query its client closes before its end. A command's or job's ends as its operation
     * did, which its waiter may not have seen yet: its client closes it as soon as it has the result.
     */
    private void closingByClient(SessionHandle session, OperationHandle operation) {
        Optional<StatementKind> kind = history.following(operation);
        if (kind.isEmpty()) {
            return;
        }
        if (kind.get() == StatementKind.QUERY) {
            history.ended(operation, HistoryStatus.CANCELLED, "Closed by its client before its end.");
            return;
        }
        try {
            OperationInfo info = flink.getOperationInfo(session, operation);
            switch (info.getStatus()) {
                case FINISHED ->
                    history.ended(
                            operation,
                            HistoryStatus.SUCCEEDED,
                            operation.getIdentifier().toString());
                case ERROR ->
                    history.ended(operation, HistoryStatus.FAILED, "Flink failed it; its client was told why.");
                default -> history.ended(operation, HistoryStatus.CANCELLED, "Closed by its client before its end.");
            }
        } catch (SqlGatewayException e) {
            LOG.debug("Operation {} was already gone: {}", operation, e.getMessage());
        }
    }

    @Override
    public Map<String, String> settings(SessionHandle session) {
        owner(session);
        return DisclosedSettings.of(flink.getSessionConfig(session));
    }

    @Override
    public int closeSessionsOf(String tokenId) {
        List<SessionHandle> sessions = open.entrySet().stream()
                .filter(entry -> entry.getValue().owner().tokenId().equals(tokenId))
                .map(Map.Entry::getKey)
                .toList();
        sessions.forEach(this::close);
        if (!sessions.isEmpty()) {
            LOG.info("Closed {} session(s) of revoked token {}", sessions.size(), tokenId);
        }
        return sessions.size();
    }

    @Override
    public List<RunningQuery> queries(Principal caller) {
        return queries.all().stream().filter(query -> mayCancel(caller, query)).toList();
    }

    @Override
    public RunningQuery cancelQuery(String queryId, Principal caller) {
        RunningQuery query = queries.find(queryId)
                .filter(found -> mayCancel(caller, found))
                .orElseThrow(
                        () -> GatewayException.forField(
                                ErrorCode.NOT_FOUND,
                                "queryId",
                                "No running query with id " + queryId + ".",
                                "GET /api/v1/queries lists the queries you run; a query that ended, or was cancelled, is no longer there."));
        String by = query.owner().tokenId().equals(caller.tokenId()) ? "its owner" : "an admin";
        cancel(
                query,
                "Query " + query.id() + " was cancelled by " + by + " (" + caller.name() + ").",
                "Run the query again if you still need its rows.");
        LOG.info(
                "Query {} of tenant {} cancelled by {}",
                query.id(),
                query.owner().tenant(),
                caller.name());
        return query;
    }

    /** An analyst's own queries (those of the token that runs them), and any for an admin. */
    private static boolean mayCancel(Principal caller, RunningQuery query) {
        return caller.isAdmin() || query.owner().tokenId().equals(caller.tokenId());
    }

    /**
     * Cancels the queries nobody read for the unread timeout: their clients went away (a tab closed, a cursor left
     * open), and their jobs would hold the tenant's slots until the session expired.
     */
    private void cancelUnreadQueries() {
        try {
            for (RunningQuery query : queries.unreadFor(unreadQueryTimeout)) {
                if (starting(query)) {
                    // Its client waits for the job to run (POST /api/v1/statements, a PostgreSQL query) before it
                    // can read a row.
                    queries.starting(query.operation());
                    continue;
                }
                cancel(
                        query,
                        "Query " + query.id() + " was cancelled because its results were not read for "
                                + describe(unreadQueryTimeout)
                                + " (sluice.queries.unread-timeout); its task slots went back to the tenant.",
                        "Run the query again and keep reading its results: ask for the next page (or FETCH, or"
                                + " read on through the cursor) at least every " + describe(unreadQueryTimeout)
                                + ". An operator can raise sluice.queries.unread-timeout for slow readers.");
                LOG.info(
                        "Query {} of tenant {} cancelled: unread since {}",
                        query.id(),
                        query.owner().tenant(),
                        query.lastReadAt());
            }
        } catch (RuntimeException e) {
            LOG.warn("Cancelling unread queries failed; will try again", e);
        }
    }

    /** Whether the query's operation is still starting its job, before any row can be read. */
    private boolean starting(RunningQuery query) {
        try {
            return !flink.getOperationInfo(query.session(), query.operation())
                    .getStatus()
                    .isTerminalStatus();
        } catch (SqlGatewayException e) {
            return false;
        }
    }

    /** Cancels the query's job by closing its operation, after noting why for its reader. */
    private void cancel(RunningQuery query, String message, String hint) {
        if (queries.cancel(query.operation(), message, hint).isEmpty()) {
            return;
        }
        history.ended(query.operation(), HistoryStatus.CANCELLED, message);
        try {
            flink.closeOperation(query.session(), query.operation());
        } catch (SqlGatewayException e) {
            // Its session, or the operation, closed meanwhile: the job went with it.
            LOG.debug("Query {} was already closed: {}", query.id(), e.getMessage());
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** Closes the sessions whose token was revoked, whichever gateway revoked it. */
    private void closeSessionsOfRevokedTokens() {
        try {
            forgetClosedSessions();
            Set<String> tokenIds = open.values().stream()
                    .map(session -> session.owner().tokenId())
                    .collect(Collectors.toSet());
            for (String tokenId : tokenIds) {
                if (!tokens.isActive(tokenId)) {
                    closeSessionsOf(tokenId);
                }
            }
        } catch (RuntimeException e) {
            // The metadata store may be down for a moment; the next sweep tries again.
            LOG.warn("Checking the tokens of open sessions failed: {}", e.getMessage());
        }
    }

    private void forgetClosedSessions() {
        history.sessionsClosed(isOpen.negate());
        open.keySet().removeIf(isOpen.negate());
        queries.forgetSessions(isOpen.negate());
    }

    private static GatewayException notFound(SessionHandle session) {
        return GatewayException.forField(
                ErrorCode.NOT_FOUND,
                "sessionId",
                "No open session with id " + session.getIdentifier() + ".",
                "A session lives on the gateway that opened it, until it closes, goes unused for a while or that gateway stops: open a new one with POST /api/v1/sessions (any gateway will do) and run its statements again.");
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        history.close();
    }
}
