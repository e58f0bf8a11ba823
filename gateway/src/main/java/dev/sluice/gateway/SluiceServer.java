package dev.sluice.gateway;

import dev.sluice.gateway.api.ApiServer;
import dev.sluice.gateway.api.Readiness;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.config.TlsKeyStore;
import dev.sluice.gateway.execute.FlinkCluster;
import dev.sluice.gateway.execute.JobStateDirectories;
import dev.sluice.gateway.flinkapi.FlinkEndpointHandlers;
import dev.sluice.gateway.flinkapi.FlinkEndpointService;
import dev.sluice.gateway.pgwire.ClientStatements;
import dev.sluice.gateway.pgwire.LocalAnswers;
import dev.sluice.gateway.pgwire.PgWireServer;
import dev.sluice.gateway.pgwire.PgWireSettings;
import dev.sluice.gateway.pgwire.catalog.CatalogAnswers;
import dev.sluice.gateway.pgwire.catalog.ParameterShows;
import dev.sluice.gateway.pipeline.policy.ProtectedLocations;
import dev.sluice.gateway.store.StoreConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.table.gateway.rest.SqlGatewayRestEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wiring only, in named steps: the metadata store ({@link Metadata}), the Flink cluster, the {@link Core} between them
 * (job tracking, catalogs and functions, the pipeline, the session service, approvals and the jobs' lifecycle), then the
 * three listeners. {@link #close()} takes them down in reverse order.
 */
public final class SluiceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

    /** The name of the persistent catalog every session starts in. */
    public static final String CATALOG_NAME = "sluice";

    /** Where the first start writes the admin token, readable by its owner only. */
    public static final String ADMIN_TOKEN_FILE = "admin.token";

    private final Started started = new Started();
    private final Path adminTokenFile;
    private final Optional<String> firstAdminToken;
    private final String apiUrl;
    private final String bindAddress;
    private final String flinkEndpointUrl;
    private final int pgPort;
    private final String clusterUrl;
    private final List<String> apiRoutes;

    /** In the order of the architecture: store, cluster, the core between them, then the three listeners. */
    private SluiceServer(Configuration options) throws Exception {
        try {
            // Before anything is started or written: a value out of range stops the start with the option's name.
            SluiceOptions.checkRanges(options);
            // Before anything starts too: a key store that cannot serve stops the start, naming its option.
            Optional<TlsKeyStore> tls = TlsKeyStore.fromOptions(
                    options, SluiceOptions.TLS_KEY_STORE, SluiceOptions.TLS_KEY_STORE_PASSWORD_FILE);
            ProcessUser.current().rootWarning().ifPresent(LOG::warn);
            Path dataDir = dataDirectory(options);
            Meters meters = Meters.wire(options, started);
            Metadata metadata = Metadata.open(storeConfig(options, dataDir), meters, started);
            this.adminTokenFile = dataDir.resolve(ADMIN_TOKEN_FILE);
            this.firstAdminToken = firstAdminToken(options, metadata.authenticator(), adminTokenFile);

            Configuration flink = jobConfiguration(options, dataDir);
            FlinkCluster cluster = started.remember(startCluster(options, flink));
            this.clusterUrl = cluster.webUrl();

            Core core = Core.wire(
                    options,
                    gatewayFiles(dataDir, metadata),
                    metadata,
                    flink,
                    cluster,
                    cluster::webUrl,
                    meters,
                    started);
            core.start();

            String bindAddress = options.get(SluiceOptions.BIND_ADDRESS);
            String scheme = tls.isPresent() ? "https://" : "http://";
            this.flinkEndpointUrl = scheme + bindAddress + ":"
                    + startFlinkEndpoint(options, core, tls).getPort();
            this.pgPort = startPgWire(options, core).port();
            ApiServer api = started.remember(core.api(
                            options,
                            startReadiness(options, metadata, cluster),
                            tls.map(TlsKeyStore::context).orElse(null))
                    .start(bindAddress, options.get(SluiceOptions.API_PORT)));
            this.apiUrl = scheme + bindAddress + ":" + api.port();
            this.bindAddress = bindAddress;
            this.apiRoutes = api.routes().stream()
                    .map(route -> route.method() + " " + route.path())
                    .toList();
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

    /** The Flink-compatible endpoint's URL: {@code https://} with a key store ({@code sluice.tls.key-store}). */
    public String flinkEndpointUrl() {
        return flinkEndpointUrl;
    }

    /** The Flink-compatible endpoint as {@code host:port}, as {@code jdbc:flink://host:port} names it. */
    public String flinkEndpointAddress() {
        return flinkEndpointUrl.substring(flinkEndpointUrl.indexOf("://") + "://".length());
    }

    /** Port of the PostgreSQL protocol listener, on the bind address. */
    public int pgPort() {
        return pgPort;
    }

    /** The PostgreSQL listener as a JDBC URL without credentials ({@code jdbc:postgresql://host:port/sluice}). */
    public String pgJdbcUrl() {
        return "jdbc:postgresql://" + bindAddress + ":" + pgPort + "/" + CATALOG_NAME;
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
        flink.keySet()
                .removeIf(key -> key.startsWith("sluice.") && !key.startsWith(SluiceOptions.SESSION_OPTIONS_PREFIX));
        return Configuration.fromMap(flink);
    }

    /** The data directory, its owner's only: it holds the metadata store, the admin token, function jars and jobs' state. */
    private static Path dataDirectory(Configuration options) throws IOException {
        Path dataDir = Path.of(options.get(SluiceOptions.DATA_DIR)).toAbsolutePath();
        Files.createDirectories(
                dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dataDir;
    }

    private static Optional<String> firstAdminToken(
            Configuration options, TokenAuthenticator authenticator, Path adminTokenFile) throws IOException {
        Optional<String> bootstrapTokenFile = options.getOptional(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE);
        return bootstrapTokenFile.isPresent()
                ? useBootstrapAdminToken(authenticator, Path.of(bootstrapTokenFile.get()))
                : authenticator.createFirstAdminToken(adminTokenFile);
    }

    /** What every job gets: Flink's options, with the jobs' state directories where Flink's own keys do not say. */
    private static Configuration jobConfiguration(Configuration options, Path dataDir) {
        Configuration flink = flinkOptions(options);
        JobStateDirectories.remoteWarning(options, flink, dataDir).ifPresent(LOG::warn);
        return JobStateDirectories.withDefaults(options, flink, dataDir);
    }

    private static FlinkCluster startCluster(Configuration options, Configuration flink) throws Exception {
        return switch (options.get(SluiceOptions.FLINK_TARGET)) {
            case EMBEDDED -> FlinkCluster.startEmbedded(flink, options.get(SluiceOptions.CLUSTER_TASK_SLOTS));
            case REMOTE ->
                FlinkCluster.connectRemote(
                        flink,
                        options.get(SluiceOptions.FLINK_REST_ADDRESS),
                        options.get(SluiceOptions.FLINK_REST_PORT));
        };
    }

    private static ProtectedLocations.GatewayFiles gatewayFiles(Path dataDir, Metadata metadata) {
        return new ProtectedLocations.GatewayFiles(
                dataDir,
                dataDir.resolve(ADMIN_TOKEN_FILE),
                dataDir.resolve("functions"),
                metadata.config().jdbcUrl());
    }

    private InetSocketAddress startFlinkEndpoint(Configuration options, Core core, Optional<TlsKeyStore> tls)
            throws Exception {
        long maxBodyBytes = options.get(SluiceOptions.API_MAX_BODY_SIZE).getBytes();
        SqlGatewayRestEndpoint flinkEndpoint = new SqlGatewayRestEndpoint(
                flinkEndpointConfiguration(options, options.get(SluiceOptions.BIND_ADDRESS), maxBodyBytes, tls),
                new FlinkEndpointService(
                        core.sessions(), core.flinkService(), core.metadata().authenticator(), maxBodyBytes));
        flinkEndpoint.start();
        started.remember(flinkEndpoint::stop);
        return flinkEndpoint.getServerAddress();
    }

    /** PostgreSQL clients: statements they send about their connection or the catalog are answered here. */
    private PgWireServer startPgWire(Configuration options, Core core) throws Exception {
        return started.remember(PgWireServer.start(
                PgWireSettings.fromOptions(
                        options, options.get(SluiceOptions.API_MAX_BODY_SIZE).getBytes()),
                core.sessions(),
                core.pipeline().pipeline(),
                core.metadata().authenticator(),
                LocalAnswers.firstOf(new ClientStatements(), new ParameterShows(), CatalogAnswers.standard())));
    }

    private Readiness startReadiness(Configuration options, Metadata metadata, FlinkCluster cluster) {
        Duration healthTimeout = options.get(SluiceOptions.HEALTH_TIMEOUT);
        return started.remember(new Readiness(
                List.of(
                        Readiness.metadataStore(metadata.store(), healthTimeout),
                        Readiness.flinkCluster(cluster::webUrl, healthTimeout)),
                healthTimeout));
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
        return new StoreConfig(
                url.get(),
                options.get(SluiceOptions.METADATA_USER),
                password,
                options.get(SluiceOptions.METADATA_POOL_SIZE),
                connectionTimeout);
    }

    /** A secret kept in a file of its own (a mounted Kubernetes Secret), without the line end an editor adds. */
    static String readSecretFile(Path file, String option) throws IOException {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("Cannot read " + file + " (" + option + "): " + e.getMessage(), e);
        }
    }

    /** The operator holds the token they gave: nothing to show, nothing written to the data directory. */
    private static Optional<String> useBootstrapAdminToken(TokenAuthenticator authenticator, Path file)
            throws IOException {
        authenticator.useFirstAdminToken(readSecretFile(file, SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE.key()));
        return Optional.empty();
    }

    /**
     * The Flink-compatible endpoint: errors in one line, bodies bounded like the API's (the statement itself is held to
     * the API's limit by the endpoint's service; the slack is the JSON around it), and with a key store, Flink's own
     * REST TLS (HTTPS only), which the unmodified JDBC driver speaks with {@code security.ssl.rest.*} properties.
     */
    private static Configuration flinkEndpointConfiguration(
            Configuration options, String bindAddress, long maxBodyBytes, Optional<TlsKeyStore> tls) {
        Configuration endpoint = new Configuration();
        endpoint.set(RestOptions.ADDRESS, bindAddress);
        endpoint.set(RestOptions.BIND_ADDRESS, bindAddress);
        endpoint.set(RestOptions.PORT, options.get(SluiceOptions.FLINK_ENDPOINT_PORT));
        endpoint.set(
                RestOptions.SERVER_MAX_CONTENT_LENGTH, (int) Math.min(Integer.MAX_VALUE, maxBodyBytes + 64 * 1024));
        endpoint.set(FlinkEndpointHandlers.ONE_LINE_ERRORS, true);
        tls.ifPresent(keyStore -> {
            endpoint.set(SecurityOptions.SSL_REST_ENABLED, true);
            endpoint.set(SecurityOptions.SSL_REST_KEYSTORE, keyStore.file().toString());
            endpoint.set(SecurityOptions.SSL_REST_KEYSTORE_TYPE, keyStore.type());
            endpoint.set(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD, keyStore.password());
            endpoint.set(SecurityOptions.SSL_REST_KEY_PASSWORD, keyStore.password());
        });
        return endpoint;
    }

    @Override
    public void close() {
        started.close();
    }
}
