package dev.sluice.gateway.flinkapi;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.StoreFailures;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.session.Listener;
import dev.sluice.gateway.session.SessionService;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogBaseTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UnresolvedIdentifier;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.gateway.api.SqlGatewayService;
import org.apache.flink.table.gateway.api.endpoint.EndpointVersion;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.results.FetchOrientation;
import org.apache.flink.table.gateway.api.results.FunctionInfo;
import org.apache.flink.table.gateway.api.results.GatewayInfo;
import org.apache.flink.table.gateway.api.results.OperationInfo;
import org.apache.flink.table.gateway.api.results.ResultSet;
import org.apache.flink.table.gateway.api.results.TableInfo;
import org.apache.flink.table.gateway.api.session.SessionEnvironment;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The Flink-compatible endpoint's {@link SqlGatewayService}: an adapter onto the {@link SessionService}. Its clients
 * (the Flink JDBC driver, the SQL Client) send the token only when opening a session, so the handle this returns is
 * the session's credential: a fresh random value, known to nobody but that client, mapped here to the internal
 * session (whose id job records, the audit log and {@code /api/v1} show, and which is worth nothing here). Every call
 * re-checks that the session's token is still valid; an unknown, closed or revoked handle answers as Flink does for a
 * session that does not exist. Every failure leaves as a {@link RejectedRequest}: a status and one line.
 */
public final class FlinkEndpointService implements SqlGatewayService {

    /** The session property that carries the token from clients whose HTTP headers cannot be set. */
    public static final String TOKEN_PROPERTY = "sluice.token";

    private static final Logger LOG = LoggerFactory.getLogger(FlinkEndpointService.class);

    private final SessionService sessions;
    private final SqlGatewayService flink;
    private final TokenAuthenticator authenticator;
    private final long maxStatementBytes;
    private final SecureRandom random = new SecureRandom();
    private final Map<SessionHandle, Bound> bound = new ConcurrentHashMap<>();

    /** A handle given to a client: the internal session it stands for, and the protocol version it was opened with. */
    private record Bound(SessionHandle internal, EndpointVersion version) {}

    /**
     * @param flink Flink's own service, for what only reads a session's catalogs (listings, completion, definitions)
     * @param maxStatementBytes the longest statement, in UTF-8 bytes, as on the Sluice API
     */
    public FlinkEndpointService(
            SessionService sessions,
            SqlGatewayService flink,
            TokenAuthenticator authenticator,
            long maxStatementBytes) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.flink = requireNonNull(flink, "flink is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.maxStatementBytes = maxStatementBytes;
    }

    /**
     * Opens a session for a client that authenticates with the session property {@value #TOKEN_PROPERTY}. The token
     * is taken out of the session's configuration, so no {@code SET} listing or log shows it.
     */
    @Override
    public SessionHandle openSession(SessionEnvironment environment) {
        return call(() -> {
            Map<String, String> config = new HashMap<>(environment.getSessionConfig());
            Principal caller = authenticator.authenticate(config.remove(TOKEN_PROPERTY));
            bound.values().removeIf(session -> !sessions.isOpen(session.internal()));
            SessionHandle internal = sessions.open(caller, Listener.FLINK_ENDPOINT, config);
            SessionHandle handle = new SessionHandle(randomUuid());
            bound.put(handle, new Bound(internal, environment.getSessionEndpointVersion()));
            return handle;
        });
    }

    @Override
    public void closeSession(SessionHandle session) {
        run(() -> {
            SessionHandle internal = internal(session);
            bound.remove(session);
            sessions.close(internal);
        });
    }

    @Override
    public void configureSession(SessionHandle session, String statement, long executionTimeoutMs) {
        run(() -> {
            SessionHandle internal = internal(session);
            requireSmallEnough(statement);
            sessions.configure(internal, statement);
        });
    }

    @Override
    public Map<String, String> getSessionConfig(SessionHandle session) {
        return call(() -> sessions.settings(internal(session)));
    }

    @Override
    public EndpointVersion getSessionEndpointVersion(SessionHandle session) {
        return call(() -> {
            internal(session);
            return bound.get(session).version();
        });
    }

    @Override
    public OperationHandle executeStatement(
            SessionHandle session, String statement, long executionTimeoutMs, Configuration executionConfig) {
        return call(() -> {
            SessionHandle internal = internal(session);
            requireSmallEnough(statement);
            return sessions.submit(internal, ScriptStatement.whole(statement), executionConfig)
                    .operation();
        });
    }

    @Override
    public OperationHandle refreshMaterializedTable(
            SessionHandle session,
            String materializedTableIdentifier,
            boolean isPeriodic,
            String scheduleTime,
            Map<String, String> dynamicOptions,
            Map<String, String> staticPartitions,
            Map<String, String> executionConfig) {
        return call(() -> {
            internal(session);
            throw new GatewayException(
                    ErrorCode.INVALID_REQUEST,
                    "Sluice does not refresh materialized tables through this call: jobs must pass its checks.",
                    null,
                    null,
                    "Run the refresh as an INSERT statement instead.",
                    null);
        });
    }

    @Override
    public <ClusterID> ClusterID deployScript(
            SessionHandle session, URI scriptUri, String script, Configuration executionConfig) {
        return call(() -> {
            internal(session);
            throw new GatewayException(
                    ErrorCode.INVALID_REQUEST,
                    "Sluice does not deploy scripts in application mode: every statement must pass its checks.",
                    null,
                    null,
                    "Send the script's statements one by one.",
                    null);
        });
    }

    /** Runs arbitrary code in a session: nothing a client may ask for, so it is refused. */
    @Override
    public OperationHandle submitOperation(SessionHandle session, Callable<ResultSet> executor) {
        return call(() -> {
            internal(session);
            throw new GatewayException(ErrorCode.INVALID_REQUEST, "Operations are submitted as statements here.");
        });
    }

    @Override
    public void cancelOperation(SessionHandle session, OperationHandle operation) {
        run(() -> sessions.cancelOperation(internal(session), operation));
    }

    @Override
    public void closeOperation(SessionHandle session, OperationHandle operation) {
        run(() -> sessions.closeOperation(internal(session), operation));
    }

    @Override
    public OperationInfo getOperationInfo(SessionHandle session, OperationHandle operation) {
        return call(() -> sessions.operationInfo(internal(session), operation));
    }

    @Override
    public ResolvedSchema getOperationResultSchema(SessionHandle session, OperationHandle operation) {
        return call(() -> sessions.resultSchema(internal(session), operation));
    }

    @Override
    public ResultSet fetchResults(SessionHandle session, OperationHandle operation, long token, int maxRows) {
        return call(() -> sessions.fetchResults(internal(session), operation, token, maxRows));
    }

    @Override
    public ResultSet fetchResults(
            SessionHandle session, OperationHandle operation, FetchOrientation orientation, int maxRows) {
        return call(() -> sessions.fetchResults(internal(session), operation, orientation, maxRows));
    }

    @Override
    public String getCurrentCatalog(SessionHandle session) {
        return call(() -> flink.getCurrentCatalog(internal(session)));
    }

    @Override
    public Set<String> listCatalogs(SessionHandle session) {
        return call(() -> flink.listCatalogs(internal(session)));
    }

    @Override
    public Set<String> listDatabases(SessionHandle session, String catalog) {
        return call(() -> flink.listDatabases(internal(session), catalog));
    }

    @Override
    public Set<TableInfo> listTables(
            SessionHandle session, String catalog, String database, Set<CatalogBaseTable.TableKind> kinds) {
        return call(() -> flink.listTables(internal(session), catalog, database, kinds));
    }

    @Override
    public ResolvedCatalogBaseTable<?> getTable(SessionHandle session, ObjectIdentifier table) {
        return call(() -> flink.getTable(internal(session), table));
    }

    @Override
    public Set<FunctionInfo> listUserDefinedFunctions(SessionHandle session, String catalog, String database) {
        return call(() -> flink.listUserDefinedFunctions(internal(session), catalog, database));
    }

    @Override
    public Set<FunctionInfo> listSystemFunctions(SessionHandle session) {
        return call(() -> flink.listSystemFunctions(internal(session)));
    }

    @Override
    public FunctionDefinition getFunctionDefinition(SessionHandle session, UnresolvedIdentifier function) {
        return call(() -> flink.getFunctionDefinition(internal(session), function));
    }

    @Override
    public GatewayInfo getGatewayInfo() {
        return flink.getGatewayInfo();
    }

    @Override
    public List<String> completeStatement(SessionHandle session, String statement, int position) {
        return call(() -> {
            SessionHandle internal = internal(session);
            requireSmallEnough(statement);
            return flink.completeStatement(internal, statement, position);
        });
    }

    /** The internal session a client's handle stands for, while it is open and its token valid. */
    private SessionHandle internal(SessionHandle handle) {
        Bound session = bound.get(handle);
        if (session == null) {
            throw noSuchSession(handle);
        }
        try {
            sessions.owner(session.internal());
        } catch (GatewayException e) {
            bound.remove(handle);
            throw noSuchSession(handle);
        }
        return session.internal();
    }

    private void requireSmallEnough(String statement) {
        long bytes = statement.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxStatementBytes) {
            throw new GatewayException(
                    ErrorCode.STATEMENT_TOO_LARGE,
                    "The statement has " + bytes + " bytes; at most " + maxStatementBytes + " are accepted.",
                    null,
                    null,
                    "Split the statement, e.g. into views, or ask the operator to raise sluice.api.max-body-size.",
                    null);
        }
    }

    /** As Flink's own gateway answers for a session it does not have, so a guess learns nothing. */
    private static GatewayException noSuchSession(SessionHandle handle) {
        return new GatewayException(
                ErrorCode.NOT_FOUND,
                "Session '" + handle + "' does not exist.",
                null,
                null,
                "Reconnect: open a new session with your token in the session property " + TOKEN_PROPERTY
                        + ". A session lives on the gateway that opened it, until it goes unused for a while, its"
                        + " token is revoked or that gateway stops.",
                null);
    }

    /** A version 4 UUID, the form Flink's clients expect: 122 bits from {@link SecureRandom}. */
    private UUID randomUuid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Runs a call of the endpoint; whatever fails becomes a rejection with a status and one line. */
    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw RejectedRequest.rethrow(toGatewayException(e));
        }
    }

    private static GatewayException toGatewayException(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // The pipeline puts a statement's failure in the gateway's terms, also when it fails while running and
            // shows up at the next fetch.
            if (cause instanceof GatewayException gatewayException) {
                return gatewayException;
            }
        }
        // A failure of the metadata store (the token checked on every call, the catalog), however deep it is wrapped.
        Optional<GatewayException> storeFailure = StoreFailures.find(failure);
        if (storeFailure.isPresent()) {
            return storeFailure.get();
        }
        String message = FlinkErrors.rootMessage(failure);
        if (message.contains("does not exist") || message.contains("Can not find the submitted operation")) {
            return new GatewayException(ErrorCode.NOT_FOUND, message);
        }
        LOG.debug("A call of the Flink-compatible endpoint failed", failure);
        return new GatewayException(ErrorCode.SQL_EXECUTION, message);
    }
}
