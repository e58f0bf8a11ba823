package dev.sluice.gateway.session;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.CatalogManager;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.results.FetchOrientation;
import org.apache.flink.table.gateway.api.results.OperationInfo;
import org.apache.flink.table.gateway.api.results.ResultSet;
import org.apache.flink.table.gateway.api.session.SessionHandle;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one way to open a session for a principal, run statements in it and close it, for every listener, approvals
 * and resumes, as Flink's {@code SqlGatewayService} is for its endpoints. A session belongs to the token that opened
 * it: to any other token (another analyst of the tenant, another tenant, an admin) it is a session that does not
 * exist, and once that token is revoked it is closed.
 *
 * <p>Every method that takes a session throws {@link dev.sluice.gateway.error.GatewayException} with
 * {@code NOT_FOUND} when the session is not open or its token no longer valid.
 */
public interface SessionService {

    /**
     * Opens a session for {@code owner} in their tenant's catalog, under their tenant's policy.
     *
     * @param listener where the session's client came in, shown with its queries
     * @param properties session configuration the client asked for; keys the policy protects are dropped
     * @throws dev.sluice.gateway.error.GatewayException {@code TENANT_LIMIT_REACHED} when the tenant has as many
     *     sessions open as it may
     */
    SessionHandle open(Principal owner, Listener listener, Map<String, String> properties);

    /** Whether the session is still open (closed sessions include those Flink closed when idle). */
    boolean isOpen(SessionHandle session);

    /** Who opened the session, re-checking that their token is still valid. */
    Principal owner(SessionHandle session);

    /** The session, if {@code caller}'s token opened it; else NOT_FOUND, exactly as for a session that does not exist. */
    SessionHandle require(SessionHandle session, Principal caller);

    /** Closes the session and whatever runs in it (a query's job is cancelled; an INSERT's job runs on). */
    void close(SessionHandle session);

    /**
     * Opens a session for {@code owner}, hands it to {@code work}, and closes it whatever happens: how an approved
     * statement or a resumed job runs as the one who submitted it.
     */
    <T> T runAs(Principal owner, Map<String, String> properties, Function<SessionHandle, T> work);

    /** Runs a statement through the pipeline; see {@link dev.sluice.gateway.pipeline.StatementPipeline#submit}. */
    SubmittedStatement submit(SessionHandle session, ScriptStatement statement, Configuration executionConfig);

    /**
     * Parses and validates a statement in the session and checks it against the tenant's policy, without running it:
     * what its result would look like, for clients that describe a statement before they run it.
     */
    ValidatedStatement validate(SessionHandle session, ScriptStatement statement);

    /**
     * Reads the session's catalogs as its statements see them (its current catalog and database, its temporary
     * tables), for listeners that answer catalog queries themselves. {@code reader} must only read.
     */
    <T> T readCatalog(SessionHandle session, Function<CatalogManager, T> reader);

    /** Applies a session-changing statement (SET, USE, DDL) the way Flink's {@code configureSession} does, after the checks. */
    void configure(SessionHandle session, String statement);

    /**
     * A page of an operation's results. Reading a query's results is what keeps it running: one whose results nobody
     * asked for in {@code sluice.queries.unread-timeout} is cancelled, and its reader then gets {@code QUERY_CANCELLED}
     * saying so, as after a {@link #cancelQuery}.
     */
    ResultSet fetchResults(SessionHandle session, OperationHandle operation, long token, int maxRows);

    ResultSet fetchResults(SessionHandle session, OperationHandle operation, FetchOrientation orientation, int maxRows);

    ResolvedSchema resultSchema(SessionHandle session, OperationHandle operation);

    OperationInfo operationInfo(SessionHandle session, OperationHandle operation);

    void cancelOperation(SessionHandle session, OperationHandle operation);

    void closeOperation(SessionHandle session, OperationHandle operation);

    /** The session's settings as its client may see them: none that locate the cluster, its state or the gateway. */
    Map<String, String> settings(SessionHandle session);

    /**
     * Closes every session the token opened, cancelling their queries at once (revocation). The jobs of their INSERTs
     * belong to the tenant and run on.
     *
     * @return how many sessions were closed
     */
    int closeSessionsOf(String tokenId);

    /** The queries running on this gateway that {@code caller} may see and cancel: their own, or every one for an admin. */
    List<RunningQuery> queries(Principal caller);

    /**
     * Cancels a running query for its owner or an admin; its reader then gets {@code QUERY_CANCELLED}.
     *
     * @throws dev.sluice.gateway.error.GatewayException {@code NOT_FOUND} when no such query runs, or it is another
     *     token's and {@code caller} is not an admin, exactly as for a query id nobody ever had
     */
    RunningQuery cancelQuery(String queryId, Principal caller);
}
