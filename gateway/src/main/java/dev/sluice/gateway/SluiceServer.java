package dev.sluice.gateway;

import dev.sluice.gateway.api.ApiServer;
import dev.sluice.gateway.api.Readiness;
import dev.sluice.gateway.approval.ApprovedStatementRunner;
import dev.sluice.gateway.approval.Approvals;
import dev.sluice.gateway.audit.AuditLog;
import dev.sluice.gateway.auth.TenantDirectory;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.catalog.SessionCatalogs;
import dev.sluice.gateway.catalog.SluiceCatalog;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.execute.FlinkCluster;
import dev.sluice.gateway.flinkapi.FlinkEndpointHandlers;
import dev.sluice.gateway.flinkapi.FlinkEndpointService;
import dev.sluice.estimate.ResourceEstimator;
import dev.sluice.estimate.calibration.ProfileStore;
import dev.sluice.gateway.pgwire.ClientStatements;
import dev.sluice.gateway.pgwire.LocalAnswers;
import dev.sluice.gateway.pgwire.PgWireServer;
import dev.sluice.gateway.pgwire.PgWireSettings;
import dev.sluice.gateway.pgwire.catalog.CatalogAnswers;
import dev.sluice.gateway.pgwire.catalog.ParameterShows;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.admit.AdmissionControl;
import dev.sluice.gateway.pipeline.admit.ClusterCapacity;
import dev.sluice.gateway.pipeline.admit.JobDemand;
import dev.sluice.gateway.pipeline.control.ControlStatements;
import dev.sluice.gateway.pipeline.estimate.StatementEstimator;
import dev.sluice.gateway.pipeline.lint.Linter;
import dev.sluice.gateway.pipeline.plan.StatementPlanner;
import dev.sluice.gateway.pipeline.policy.PolicyCheck;
import dev.sluice.gateway.pipeline.policy.SettingAllowlist;
import dev.sluice.gateway.pipeline.policy.StorageLocations;
import dev.sluice.gateway.pipeline.policy.TenantPolicies;
import dev.sluice.gateway.session.JobResubmitter;
import dev.sluice.gateway.session.SessionServiceImpl;
import dev.sluice.gateway.store.JobRepository;
import dev.sluice.gateway.store.JobSavepoint;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.Resources;
import dev.sluice.gateway.store.StoreConfig;
import dev.sluice.gateway.track.FlinkMetricsReader;
import dev.sluice.gateway.track.JobLifecycle;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.gateway.track.RunningQueries;
import dev.sluice.gateway.validate.ScriptValidator;
import dev.sluice.udf.catalog.FunctionCatalog;
import dev.sluice.udf.catalog.FunctionStore;
import dev.sluice.udf.catalog.JdbcVersionSource;
import dev.sluice.udf.enrich.EnrichmentLanguage;
import dev.sluice.udf.flink.BuiltInFunctions;
import dev.sluice.udf.flink.SessionFunctions;
import dev.sluice.udf.java.JavaFunctionLanguage;
import dev.sluice.udf.js.JavaScriptLanguage;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.table.gateway.rest.SqlGatewayRestEndpoint;
import org.apache.flink.table.gateway.service.SqlGatewayServiceImpl;
import org.apache.flink.table.gateway.service.context.DefaultContext;
import org.apache.flink.table.gateway.service.session.SessionManagerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Wiring only: options, then the metadata store, the Flink cluster, job tracking, Flink's session manager with the
 * pipeline in front of it, and the three listeners. {@link #close()} takes them down in reverse order.
 */
public final class SluiceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

    /** The name of the persistent catalog every session starts in. */
    public static final String CATALOG_NAME = "sluice";

    /** Where the first start writes the admin token, readable by its owner only. */
    public static final String ADMIN_TOKEN_FILE = "admin.token";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path adminTokenFile;
    private final Optional<String> firstAdminToken;
    private final String apiUrl;
    private final String flinkEndpointUrl;
    private final int pgPort;
    private final String clusterUrl;
    private final List<String> apiRoutes;

    private SluiceServer(Configuration options) throws Exception {
        try {
            // Before anything is started or written: a value out of range stops the start with the option's name.
            SluiceOptions.checkRanges(options);
            ProcessUser.current().rootWarning().ifPresent(LOG::warn);
            Path dataDir = Path.of(options.get(SluiceOptions.DATA_DIR)).toAbsolutePath();
            // Its owner's only: it holds the metadata store, the admin token, function jars and jobs' state.
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String bindAddress = options.get(SluiceOptions.BIND_ADDRESS);

            StoreConfig storeConfig = storeConfig(options, dataDir);
            MetadataStore store = remember(MetadataStore.open(storeConfig));
            TokenAuthenticator authenticator = new TokenAuthenticator(store.tokenRepository());
            this.adminTokenFile = dataDir.resolve(ADMIN_TOKEN_FILE);
            Optional<String> bootstrapTokenFile = options.getOptional(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE);
            this.firstAdminToken = bootstrapTokenFile.isPresent()
                    ? useBootstrapAdminToken(authenticator, Path.of(bootstrapTokenFile.get()))
                    : authenticator.createFirstAdminToken(adminTokenFile);

            Configuration flinkConfiguration = flinkOptions(options);
            // Set on every job, so a remote cluster writes them where the gateway looks for them too. Flink's own
            // keys, where the configuration gives them, win.
            org.apache.flink.core.fs.Path stateDir = new org.apache.flink.core.fs.Path(
                    options.getOptional(SluiceOptions.FLINK_STATE_DIR).orElse(dataDir.toUri().toString()));
            if (options.get(SluiceOptions.FLINK_TARGET) == SluiceOptions.FlinkTarget.REMOTE && !options.contains(SluiceOptions.FLINK_STATE_DIR)
                    && !flinkConfiguration.contains(CheckpointingOptions.SAVEPOINT_DIRECTORY)) {
                LOG.warn("Jobs on the remote cluster checkpoint and savepoint under {}, the gateway's data directory: set {} to"
                        + " a directory the cluster shares, or resuming jobs will not find their state.", stateDir, SluiceOptions.FLINK_STATE_DIR.key());
            }
            if (!flinkConfiguration.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
                flinkConfiguration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, new org.apache.flink.core.fs.Path(stateDir, "checkpoints").toString());
            }
            if (!flinkConfiguration.contains(CheckpointingOptions.SAVEPOINT_DIRECTORY)) {
                flinkConfiguration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, new org.apache.flink.core.fs.Path(stateDir, "savepoints").toString());
            }
            // Kept when a job is canceled or its cluster dies with the gateway, so it can be resumed from there.
            flinkConfiguration.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            FlinkCluster cluster = remember(switch (options.get(SluiceOptions.FLINK_TARGET)) {
                case EMBEDDED -> FlinkCluster.startEmbedded(flinkConfiguration, options.get(SluiceOptions.CLUSTER_TASK_SLOTS));
                case REMOTE -> FlinkCluster.connectRemote(flinkConfiguration,
                        options.get(SluiceOptions.FLINK_REST_ADDRESS), options.get(SluiceOptions.FLINK_REST_PORT));
            });
            this.clusterUrl = cluster.webUrl();

            JobTracker jobs = remember(new JobTracker(store.jobRepository(), store.jobEstimateRepository(), cluster,
                    new FlinkMetricsReader(cluster::webUrl), options.get(SluiceOptions.JOB_POLL_INTERVAL)));
            RunningQueries queries = remember(new RunningQueries(store.quotaRepository(), cluster, options.get(SluiceOptions.JOB_POLL_INTERVAL)));
            // Before anything is admitted: queries of the last run hold nothing any more.
            queries.start();

            // The implementation itself, whose isSessionAlive looks without touching (which would keep idle sessions open).
            SessionManagerImpl sessions = new SessionManagerImpl(new DefaultContext(cluster.sessionConfiguration(), List.of()));
            sessions.start();
            remember(sessions::stop);

            // The default database exists before the first session, so no validation's scratch layer makes its own.
            new SluiceCatalog(CATALOG_NAME, store.catalogRepository()).open();
            Path functionsDir = dataDir.resolve("functions");
            StorageLocations storage = protectedLocations(options, dataDir, storeConfig, flinkConfiguration, functionsDir);
            TenantPolicies policies = new TenantPolicies(store.policyRepository(), storage);
            // Read at every publish and every planned statement, so an admin's change to allowedHosts applies at once.
            Function<String, OutboundRules> outbound = tenant -> policies.get(tenant).outboundRules();
            FunctionCatalog functions = new FunctionCatalog(
                    new FunctionStore(store.dataSource()),
                    List.of(new JavaFunctionLanguage(functionsDir.resolve("check")), new JavaScriptLanguage(), new EnrichmentLanguage(outbound)),
                    new BuiltInFunctions(),
                    options.get(SluiceOptions.FUNCTIONS_MAX_PAYLOAD_SIZE).getBytes(),
                    Clock.systemUTC());
            JdbcVersionSource versionSource = new JdbcVersionSource(storeConfig.jdbcUrl(), storeConfig.user(), storeConfig.password());
            SessionCatalogs catalogs = new SessionCatalogs(CATALOG_NAME, store.catalogRepository(),
                    tenant -> new SessionFunctions(functions, tenant, functionsDir.resolve("jars"), versionSource,
                            () -> outbound.apply(tenant)));
            TenantDirectory tenantDirectory = new TenantDirectory(store.tenantRepository(), catalogs);
            Tenants tenants = new Tenants(sessions::isSessionAlive);
            AuditLog audit = new AuditLog(store.auditRepository(), Clock.systemUTC());
            PolicyCheck policy = new PolicyCheck(policies, tenants::ofSession, storage, tenant -> restorePoints(store.jobRepository(), tenant),
                    new SettingAllowlist(options.get(SluiceOptions.POLICY_MIN_CHECKPOINT_INTERVAL), options.get(SluiceOptions.POLICY_MIN_RESTART_DELAY)));
            AdmissionControl admission = new AdmissionControl(
                    store.quotaRepository(),
                    store.approvalRepository(),
                    defaultQuota(options),
                    new AdmissionControl.Limits(
                            options.get(SluiceOptions.LIMITS_MAX_QUERIES_PER_TENANT),
                            options.get(SluiceOptions.LIMITS_MAX_PENDING_APPROVALS_PER_TENANT)),
                    new ClusterCapacity(cluster, options.getOptional(SluiceOptions.ADMISSION_CLUSTER_TASK_SLOTS)
                            .map(OptionalInt::of).orElse(OptionalInt.empty())),
                    () -> {
                        queries.refresh();
                        jobs.refresh();
                    },
                    Clock.systemUTC());
            StatementPipeline pipeline = new StatementPipeline(
                    sessions,
                    tenants,
                    jobs,
                    policy,
                    Linter.standard(new StatementPlanner()),
                    new StatementEstimator(new ResourceEstimator(
                            // A missing or bad profile stops the start with a message naming the file.
                            new ProfileStore(dataDir.resolve("profiles")).read(options.get(SluiceOptions.ESTIMATE_PROFILE))),
                            options.get(SluiceOptions.CHECKPOINT_INTERVAL)),
                    audit,
                    admission,
                    new JobDemand(
                            options.get(SluiceOptions.ADMISSION_MEMORY_PER_SLOT), options.get(SluiceOptions.ADMISSION_STATE_PER_JOB)),
                    queries,
                    functions,
                    new ControlStatements(jobs, tenants),
                    options.get(SluiceOptions.CHECKPOINT_INTERVAL));
            ScriptValidator validator = remember(new ScriptValidator(
                    sessions,
                    pipeline,
                    policy,
                    tenants,
                    catalogs,
                    options.get(SluiceOptions.VALIDATION_TIMEOUT),
                    options.get(SluiceOptions.VALIDATION_PARALLELISM)));
            SqlGatewayServiceImpl flinkService = new SqlGatewayServiceImpl(sessions);
            SessionServiceImpl sessionService = remember(new SessionServiceImpl(flinkService, sessions::isSessionAlive, authenticator,
                    tenants, policy, catalogs, pipeline, options.get(SluiceOptions.MAX_SESSIONS_PER_TENANT),
                    options.get(SluiceOptions.REVOCATION_SWEEP_INTERVAL)));
            long maxBodyBytes = options.get(SluiceOptions.API_MAX_BODY_SIZE).getBytes();
            Approvals approvals = new Approvals(
                    store.approvalRepository(),
                    store.quotaRepository(),
                    new ApprovedStatementRunner(sessionService, pipeline, authenticator),
                    Clock.systemUTC());
            // Approvals granted just before the last stop whose jobs had not started yet.
            approvals.startInterrupted();

            JobLifecycle lifecycle = new JobLifecycle(jobs, cluster, new JobResubmitter(sessionService, pipeline, authenticator));
            // Jobs that were running are resumed (or re-attached) before the tracker's first look would call them LOST.
            lifecycle.reconcile();
            jobs.start();

            SqlGatewayRestEndpoint flinkEndpoint = new SqlGatewayRestEndpoint(flinkEndpointConfiguration(options, bindAddress, maxBodyBytes),
                    new FlinkEndpointService(sessionService, flinkService, authenticator, maxBodyBytes));
            flinkEndpoint.start();
            remember(flinkEndpoint::stop);
            InetSocketAddress flinkAddress = flinkEndpoint.getServerAddress();
            this.flinkEndpointUrl = "http://" + bindAddress + ":" + flinkAddress.getPort();

            // PostgreSQL clients: statements they send about their connection or the catalog are answered here.
            PgWireServer pg = remember(PgWireServer.start(PgWireSettings.fromOptions(options, maxBodyBytes),
                    sessionService, pipeline, authenticator, LocalAnswers.firstOf(new ClientStatements(), new ParameterShows(), CatalogAnswers.standard())));
            this.pgPort = pg.port();

            Duration healthTimeout = options.get(SluiceOptions.HEALTH_TIMEOUT);
            Readiness readiness = remember(new Readiness(
                    List.of(Readiness.metadataStore(store, healthTimeout), Readiness.flinkCluster(cluster::webUrl, healthTimeout)),
                    healthTimeout));
            ApiServer api =
                    remember(new ApiServer(
                                    sessionService,
                                    authenticator,
                                    tenantDirectory,
                                    pipeline,
                                    validator,
                                    jobs,
                                    lifecycle,
                                    policies,
                                    audit,
                                    admission,
                                    approvals,
                                    functions,
                                    readiness,
                                    catalogs,
                                    options.get(SluiceOptions.RESULTS_MAX_ROWS),
                                    maxBodyBytes,
                                    Path.of(options.get(SluiceOptions.CONSOLE_DIR)))
                            .start(bindAddress, options.get(SluiceOptions.API_PORT)));
            this.apiUrl = "http://" + bindAddress + ":" + api.port();
            this.apiRoutes = api.routes().stream().map(route -> route.method() + " " + route.path()).toList();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Starts everything, or nothing: a failure part way closes what had started. */
    public static SluiceServer start(Configuration options) throws Exception {
        return new SluiceServer(options);
    }

    public String apiUrl() {
        return apiUrl;
    }

    public String flinkEndpointUrl() {
        return flinkEndpointUrl;
    }

    /** Port of the PostgreSQL protocol listener, on the bind address. */
    public int pgPort() {
        return pgPort;
    }

    /** The PostgreSQL listener as a JDBC URL without credentials ({@code jdbc:postgresql://host:port/sluice}). */
    public String pgJdbcUrl() {
        return "jdbc:postgresql://" + apiUrl.substring("http://".length(), apiUrl.lastIndexOf(':')) + ":" + pgPort + "/" + CATALOG_NAME;
    }

    /** The admin token created by this start, when it is the first one; later starts have none to show. */
    public Optional<String> firstAdminToken() {
        return firstAdminToken;
    }

    public Path adminTokenFile() {
        return adminTokenFile;
    }

    /** The REST API (and web UI) of the Flink cluster statements run on, e.g. for job metrics. */
    public String clusterUrl() {
        return clusterUrl;
    }

    /** The Sluice API's route table, as {@code METHOD /path} lines. */
    public List<String> apiRoutes() {
        return apiRoutes;
    }

    /**
     * What Flink and every session get: all options but the gateway's own, which jobs have no use for and which
     * must not travel with them to a remote cluster (the metadata store's password among them); a session's own
     * settings ({@value SluiceOptions#SESSION_OPTIONS_PREFIX}*) stay, as defaults for every session.
     */
    static Configuration flinkOptions(Configuration options) {
        Map<String, String> flink = new HashMap<>(options.toMap());
        flink.keySet().removeIf(key -> key.startsWith("sluice.") && !key.startsWith(SluiceOptions.SESSION_OPTIONS_PREFIX));
        return Configuration.fromMap(flink);
    }

    /**
     * What no statement may reach, whatever a policy says: the gateway's files (data directory, metadata store, token and
     * secret files, functions), every job's state (checkpoints and savepoints, Flink's working directories where
     * configured), and what the gateway runs (console, class path; a jar's directory too, as a class path of
     * {@code dir/*} picks up jars added there).
     */
    private static StorageLocations protectedLocations(
            Configuration options, Path dataDir, StoreConfig store, Configuration flink, Path functionsDir) {
        StorageLocations.Builder locations = StorageLocations.builder()
                .protect("the admin token file", dataDir.resolve(ADMIN_TOKEN_FILE).toString());
        h2Database(store.jdbcUrl()).ifPresent(database -> {
            locations.protect("the metadata store", database + ".mv.db");
            locations.protect("the metadata store", database + ".trace.db");
        });
        options.getOptional(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE)
                .ifPresent(file -> locations.protect("the bootstrap admin token file", absolute(file)));
        options.getOptional(SluiceOptions.METADATA_PASSWORD_FILE)
                .ifPresent(file -> locations.protect("the metadata store's password file", absolute(file)));
        locations.protect("the functions directory", functionsDir.toString());
        flink.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).ifPresent(dir -> locations.protect("the checkpoint directory", dir));
        flink.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY).ifPresent(dir -> locations.protect("the savepoint directory", dir));
        options.getOptional(SluiceOptions.FLINK_STATE_DIR).ifPresent(dir -> locations.protect("the jobs' state directory", dir));
        flink.getOptional(CoreOptions.TMP_DIRS).ifPresent(dirs -> {
            for (String dir : dirs.split("[,;" + File.pathSeparator + "]")) {
                locations.protect("Flink's working directory", absolute(dir.strip()));
            }
        });
        locations.protect("the data directory", dataDir.toString());
        locations.protect("the web console", absolute(options.get(SluiceOptions.CONSOLE_DIR)));
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path code = Path.of(entry).toAbsolutePath().normalize();
                locations.protect("the gateway's code", code.toString());
                if (Files.isRegularFile(code) && code.getParent() != null) {
                    locations.protect("the gateway's code", code.getParent().toString());
                }
            }
        }
        return locations.build();
    }

    /** The database file of an H2 store, without its extension; empty for PostgreSQL or an in-memory H2. */
    private static Optional<String> h2Database(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String name = jdbcUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
        name = name.startsWith("file:") ? name.substring("file:".length()) : name;
        return name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:") ? Optional.empty() : Optional.of(absolute(name));
    }

    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** Where the tenant's jobs may start from: the savepoints and checkpoints Sluice recorded for them. */
    private static List<String> restorePoints(JobRepository jobs, String tenant) {
        return jobs.listByTenant(tenant).stream()
                .flatMap(job -> jobs.savepoints(job.id()).stream())
                .map(JobSavepoint::path)
                .toList();
    }

    private static StoreConfig storeConfig(Configuration options, Path dataDir) throws IOException {
        Optional<String> url = options.getOptional(SluiceOptions.METADATA_URL);
        Duration connectionTimeout = options.get(SluiceOptions.METADATA_CONNECTION_TIMEOUT);
        if (url.isEmpty()) {
            return StoreConfig.embedded(dataDir, connectionTimeout);
        }
        Optional<String> passwordFile = options.getOptional(SluiceOptions.METADATA_PASSWORD_FILE);
        String password = passwordFile.isPresent()
                ? readSecretFile(Path.of(passwordFile.get()), SluiceOptions.METADATA_PASSWORD_FILE.key())
                : options.get(SluiceOptions.METADATA_PASSWORD);
        return new StoreConfig(url.get(), options.get(SluiceOptions.METADATA_USER), password, options.get(SluiceOptions.METADATA_POOL_SIZE),
                connectionTimeout);
    }

    /** A secret kept in a file of its own (a mounted Kubernetes Secret), without the line end an editor adds. */
    private static String readSecretFile(Path file, String option) throws IOException {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("Cannot read " + file + " (" + option + "): " + e.getMessage(), e);
        }
    }

    /** The operator holds the token they gave: nothing to show, nothing written to the data directory. */
    private static Optional<String> useBootstrapAdminToken(TokenAuthenticator authenticator, Path file) throws IOException {
        authenticator.useFirstAdminToken(readSecretFile(file, SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE.key()));
        return Optional.empty();
    }

    private static QuotaRecord defaultQuota(Configuration options) {
        return new QuotaRecord(
                options.get(SluiceOptions.QUOTA_MAX_JOBS),
                new Resources(
                        options.get(SluiceOptions.QUOTA_MAX_TASK_SLOTS),
                        Math.round(options.get(SluiceOptions.QUOTA_MAX_CPU_CORES) * 1000),
                        options.get(SluiceOptions.QUOTA_MAX_MEMORY).getBytes(),
                        options.get(SluiceOptions.QUOTA_MAX_STATE).getBytes()));
    }

    /**
     * The Flink-compatible endpoint: errors in one line, and bodies bounded like the API's (the statement itself is
     * held to the API's limit by the endpoint's service; the slack is the JSON around it).
     */
    private static Configuration flinkEndpointConfiguration(Configuration options, String bindAddress, long maxBodyBytes) {
        Configuration endpoint = new Configuration();
        endpoint.set(RestOptions.ADDRESS, bindAddress);
        endpoint.set(RestOptions.BIND_ADDRESS, bindAddress);
        endpoint.set(RestOptions.PORT, options.get(SluiceOptions.FLINK_ENDPOINT_PORT));
        endpoint.set(RestOptions.SERVER_MAX_CONTENT_LENGTH, (int) Math.min(Integer.MAX_VALUE, maxBodyBytes + 64 * 1024));
        endpoint.set(FlinkEndpointHandlers.ONE_LINE_ERRORS, true);
        return endpoint;
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Failed to close {}", resource, e);
            }
        }
    }
}
