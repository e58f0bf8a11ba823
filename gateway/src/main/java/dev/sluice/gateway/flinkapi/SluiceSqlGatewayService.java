package dev.sluice.gateway.flinkapi;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.catalog.SessionCatalogs;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.StoreFailures;
import dev.sluice.gateway.pipeline.ScriptStatement;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.policy.PolicyCheck;
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
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import static java.util.Objects.requireNonNull;

/**
 * Flink's {@link SqlGatewayService} with Sluice in front: every session gets the Sluice catalog as its default
 * catalog, and every statement goes through the {@link StatementPipeline}, whichever listener sent it. Calls that
 * only read (results, schemas, catalog listings) go straight to Flink's own implementation.
 */
public final class SluiceSqlGatewayService implements SqlGatewayService {

    /** The session property that carries the token from clients whose HTTP headers cannot be set. */
    public static final String TOKEN_PROPERTY = "sluice.token";

    private final SqlGatewayService flink;
    private final TokenAuthenticator authenticator;
    private final StatementPipeline pipeline;
    private final PolicyCheck policy;
    private final Tenants tenants;
    private final SessionCatalogs catalogs;

    public SluiceSqlGatewayService(
            SqlGatewayService flink,
            TokenAuthenticator authenticator,
            StatementPipeline pipeline,
            PolicyCheck policy,
            Tenants tenants,
            SessionCatalogs catalogs) {
        this.flink = requireNonNull(flink, "flink is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
    }

    /**
     * Opens a session for a client of the Flink-compatible endpoint, which authenticates with the session property
     * {@value #TOKEN_PROPERTY}. The token is taken out of the session's configuration, so no {@code SET} listing or
     * log shows it.
     */
    @Override
    public SessionHandle openSession(SessionEnvironment environment) {
        Map<String, String> config = new HashMap<>(environment.getSessionConfig());
        try {
            Principal caller = authenticator.authenticate(config.remove(TOKEN_PROPERTY));
            return openSession(environment, config, caller);
        } catch (RuntimeException e) {
            throw rejected(e);
        }
    }

    /** Opens a session for a caller the Sluice API has already authenticated. */
    public SessionHandle openAuthenticatedSession(SessionEnvironment environment, Principal caller) {
        return openSession(environment, environment.getSessionConfig(), caller);
    }

    /**
     * The session belongs to the caller's tenant: its catalog starts in the tenant's database (and shows an analyst
     * nothing else), its statements run under the tenant's policy, and its jobs are recorded as the tenant's.
     */
    private SessionHandle openSession(SessionEnvironment environment, Map<String, String> config, Principal caller) {
        // Session properties set configuration as SET does, so the tenant's policy applies to them too.
        SessionEnvironment.Builder builder =
                SessionEnvironment.newBuilder()
                        .setSessionEndpointVersion(environment.getSessionEndpointVersion())
                        .addSessionConfig(policy.sessionProperties(caller.tenant(), config))
                        .registerCatalogCreator(catalogs.name(), (configuration, classLoader) -> catalogs.forCaller(caller))
                        .setDefaultCatalog(catalogs.name());
        environment.getSessionName().ifPresent(builder::setSessionName);
        environment.getRegisteredCatalogCreators().forEach(builder::registerCatalogCreator);
        environment.getRegisteredModuleCreators().forEach(builder::registerModuleCreatorAtHead);
        SessionHandle session = flink.openSession(builder.build());
        tenants.opened(session, caller);
        return session;
    }

    @Override
    public OperationHandle executeStatement(
            SessionHandle session, String statement, long executionTimeoutMs, Configuration executionConfig) {
        try {
            return pipeline.submit(session, ScriptStatement.whole(statement), executionConfig).operation();
        } catch (RuntimeException e) {
            throw rejected(e);
        }
    }

    @Override
    public void configureSession(SessionHandle session, String statement, long executionTimeoutMs) {
        try {
            policy.enforce(session, pipeline.validate(session, ScriptStatement.whole(statement)), Map.of());
        } catch (RuntimeException e) {
            throw rejected(e);
        }
        flink.configureSession(session, statement, executionTimeoutMs);
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
        throw new SqlGatewayException(
                "Sluice does not refresh materialized tables through this call: jobs must pass its checks."
                        + " Run the refresh as an INSERT statement instead.");
    }

    @Override
    public <ClusterID> ClusterID deployScript(
            SessionHandle session, URI scriptUri, String script, Configuration executionConfig) {
        throw new SqlGatewayException(
                "Sluice does not deploy scripts in application mode: every statement must pass its checks."
                        + " Send the script's statements one by one.");
    }

    @Override
    public OperationHandle submitOperation(SessionHandle session, Callable<ResultSet> executor) {
        return flink.submitOperation(session, executor);
    }

    @Override
    public void closeSession(SessionHandle session) {
        flink.closeSession(session);
        tenants.closed(session);
    }

    @Override
    public Map<String, String> getSessionConfig(SessionHandle session) {
        return flink.getSessionConfig(session);
    }

    @Override
    public EndpointVersion getSessionEndpointVersion(SessionHandle session) {
        return flink.getSessionEndpointVersion(session);
    }

    @Override
    public void cancelOperation(SessionHandle session, OperationHandle operation) {
        flink.cancelOperation(session, operation);
    }

    @Override
    public void closeOperation(SessionHandle session, OperationHandle operation) {
        flink.closeOperation(session, operation);
    }

    @Override
    public OperationInfo getOperationInfo(SessionHandle session, OperationHandle operation) {
        return flink.getOperationInfo(session, operation);
    }

    @Override
    public ResolvedSchema getOperationResultSchema(SessionHandle session, OperationHandle operation) {
        return flink.getOperationResultSchema(session, operation);
    }

    @Override
    public ResultSet fetchResults(SessionHandle session, OperationHandle operation, long token, int maxRows) {
        try {
            return flink.fetchResults(session, operation, token, maxRows);
        } catch (SqlGatewayException e) {
            throw rejectIfStatementFailed(e);
        }
    }

    @Override
    public ResultSet fetchResults(
            SessionHandle session, OperationHandle operation, FetchOrientation orientation, int maxRows) {
        try {
            return flink.fetchResults(session, operation, orientation, maxRows);
        } catch (SqlGatewayException e) {
            throw rejectIfStatementFailed(e);
        }
    }

    /**
     * A statement that failed while running (a connector option Flink only checks when planning, say) fails the
     * client's next fetch. The pipeline has already put the failure in the gateway's terms; pass it on as a
     * rejection rather than as Flink's 500 with a stack trace.
     */
    private static RuntimeException rejectIfStatementFailed(SqlGatewayException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof GatewayException gatewayException) {
                throw RejectedRequest.rethrow(gatewayException);
            }
        }
        throw rejected(failure);
    }

    /**
     * A refusal, or a failure of the metadata store however deep it is wrapped, as the rejection the endpoint renders
     * with its status and without a stack trace; any other failure as it is.
     */
    private static RuntimeException rejected(RuntimeException failure) {
        if (failure instanceof GatewayException refusal) {
            throw RejectedRequest.rethrow(refusal);
        }
        StoreFailures.find(failure).ifPresent(RejectedRequest::rethrow);
        throw failure;
    }

    @Override
    public String getCurrentCatalog(SessionHandle session) {
        return flink.getCurrentCatalog(session);
    }

    @Override
    public Set<String> listCatalogs(SessionHandle session) {
        return flink.listCatalogs(session);
    }

    @Override
    public Set<String> listDatabases(SessionHandle session, String catalog) {
        return flink.listDatabases(session, catalog);
    }

    @Override
    public Set<TableInfo> listTables(
            SessionHandle session, String catalog, String database, Set<CatalogBaseTable.TableKind> kinds) {
        return flink.listTables(session, catalog, database, kinds);
    }

    @Override
    public ResolvedCatalogBaseTable<?> getTable(SessionHandle session, ObjectIdentifier table) {
        return flink.getTable(session, table);
    }

    @Override
    public Set<FunctionInfo> listUserDefinedFunctions(SessionHandle session, String catalog, String database) {
        return flink.listUserDefinedFunctions(session, catalog, database);
    }

    @Override
    public Set<FunctionInfo> listSystemFunctions(SessionHandle session) {
        return flink.listSystemFunctions(session);
    }

    @Override
    public FunctionDefinition getFunctionDefinition(SessionHandle session, UnresolvedIdentifier function) {
        return flink.getFunctionDefinition(session, function);
    }

    @Override
    public GatewayInfo getGatewayInfo() {
        return flink.getGatewayInfo();
    }

    @Override
    public List<String> completeStatement(SessionHandle session, String statement, int position) {
        return flink.completeStatement(session, statement, position);
    }
}
