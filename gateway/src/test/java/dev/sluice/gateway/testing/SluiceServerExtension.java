package dev.sluice.gateway.testing;

import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.store.StoreConfig;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Sluice gateway for a test class, started exactly as {@code ./sluice start} starts it (same wiring, embedded
 * MiniCluster, H2 metadata store, or PostgreSQL with {@link #onPostgres()}) but on free ports and in a temporary data directory. Register it as a static
 * field with {@code @RegisterExtension}; one gateway serves every test of the class. {@link #restart()} stops it and
 * starts a new one on the same data directory, as an operator restarting the process would.
 *
 * <p>The fixture: after its first start, the admin grants tenant {@code default} what the functional tests use, through
 * the same calls an operator makes: the JVM's temporary directory as a storage root (where tests keep their files; the
 * gateway's own files there, such as this data directory, stay out of reach) and {@code 127.0.0.1} and
 * {@code localhost} as allowed hosts (the test Kafka broker and PostgreSQL). Other tenants get nothing. A test of the
 * defaults starts {@link #withoutGrants()}.
 *
 * <p>Start only what a test needs: this is the whole gateway (an integration test, {@code *IT}). A test of the
 * metadata store, its repositories or a service over them takes a fresh store from
 * {@link dev.sluice.gateway.store.MetadataStoreExtension} ({@code @StoreTest}); a test that a bad option or secret
 * stops the start calls {@link SluiceServer#start} itself, which refuses before the cluster or a listener starts (e.g.
 * {@code SecretFilesTest}). Both are unit tests.
 */
public final class SluiceServerExtension implements BeforeAllCallback, AfterAllCallback {

    /** The storage root the fixture grants tenant {@code default}. */
    public static final Path TEMP_ROOT =
            Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();

    /** The hosts the fixture allows tenant {@code default}. */
    public static final List<String> LOCAL_HOSTS = List.of("127.0.0.1", "localhost");

    private final Consumer<Configuration> overrides;
    private final boolean onPostgres;
    private final boolean grants;

    @Nullable
    private final SSLContext trust;

    private TestPostgres.Schema schema;
    private Path dataDir;
    private SluiceServer server;
    private ApiClient api;
    private String adminToken;

    public SluiceServerExtension() {
        this(options -> {});
    }

    /** @param overrides options to set on top of the test defaults, e.g. the metadata store's URL */
    public SluiceServerExtension(Consumer<Configuration> overrides) {
        this(overrides, false);
    }

    private SluiceServerExtension(Consumer<Configuration> overrides, boolean onPostgres) {
        this(overrides, onPostgres, true, null);
    }

    private SluiceServerExtension(
            Consumer<Configuration> overrides, boolean onPostgres, boolean grants, @Nullable SSLContext trust) {
        this.overrides = overrides;
        this.onPostgres = onPostgres;
        this.grants = grants;
        this.trust = trust;
    }

    /** The same gateway without the fixture's grants: tenant {@code default} has the default policy, no root, no host. */
    public SluiceServerExtension withoutGrants() {
        return new SluiceServerExtension(overrides, onPostgres, false, trust);
    }

    /**
     * The same gateway, whose {@link #api()} client trusts the certificate {@code trust} trusts: for a gateway whose
     * overrides give it a key store ({@code sluice.tls.key-store}), so it serves HTTPS only.
     */
    public SluiceServerExtension trusting(SSLContext trust) {
        return new SluiceServerExtension(overrides, onPostgres, grants, trust);
    }

    /**
     * A gateway whose metadata store is a fresh schema of the test PostgreSQL ({@link TestPostgres}), dropped after
     * the class. Without one it runs on H2, unless PostgreSQL is required, as in CI: then it fails.
     */
    public static SluiceServerExtension onPostgres() {
        return onPostgres(options -> {});
    }

    /** {@link #onPostgres()}, with {@code overrides} applied to the gateway's options. */
    public static SluiceServerExtension onPostgres(Consumer<Configuration> overrides) {
        return new SluiceServerExtension(overrides, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("sluice-test-");
        if (onPostgres) {
            Optional<TestPostgres> postgres = TestPostgres.fromEnvironment();
            if (postgres.isEmpty() && TestPostgres.required()) {
                throw new IllegalStateException(TestPostgres.REQUIRE + "=true but " + TestPostgres.URL + " is not set");
            }
            schema = postgres.map(TestPostgres::createSchema).orElse(null);
        }
        start();
        if (grants) {
            grant("/api/v1/tenants/default/storage-roots", "{\"path\": \"" + TEMP_ROOT + "\"}");
            LOCAL_HOSTS.forEach(host -> grant("/api/v1/tenants/default/hosts", "{\"host\": \"" + host + "\"}"));
        }
    }

    private void grant(String path, String body) {
        ApiClient.Response granted = api.post(path, body);
        if (granted.status() != 200) {
            throw new IllegalStateException("The fixture's grant " + path + " " + body + " failed: " + granted.body());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        if (schema != null) {
            schema.drop();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** Stops the gateway (cancelling its jobs with the embedded cluster) and starts it again on the same data. */
    public void restart() throws Exception {
        stop();
        start();
    }

    /** A client of the Sluice API that authenticates with the admin token the first start created. */
    public ApiClient api() {
        return api;
    }

    public String adminToken() {
        return adminToken;
    }

    public String apiUrl() {
        return server.apiUrl();
    }

    /** The Flink-compatible endpoint as {@code host:port}, for {@code jdbc:flink://host:port}. */
    public String flinkEndpointAddress() {
        return server.flinkEndpointAddress();
    }

    /** Port of the PostgreSQL protocol listener, on 127.0.0.1. */
    public int pgPort() {
        return server.pgPort();
    }

    /** The PostgreSQL listener as a JDBC URL without credentials: {@code jdbc:postgresql://127.0.0.1:port/sluice}. */
    public String pgJdbcUrl() {
        return server.pgJdbcUrl();
    }

    /**
     * A pgjdbc connection to the PostgreSQL listener: the token as password, {@code user} only shown, and further
     * connection properties as {@code name=value}.
     */
    public Connection connectPg(String user, String token, String... properties) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", token);
        for (String property : properties) {
            String[] pair = property.split("=", 2);
            props.setProperty(pair[0], pair[1]);
        }
        return DriverManager.getConnection(pgJdbcUrl(), props);
    }

    /** The REST API of the Flink cluster the gateway runs statements on (the embedded one's, on loopback). */
    public String clusterUrl() {
        return server.clusterUrl();
    }

    public List<String> apiRoutes() {
        return server.apiRoutes();
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * A connection of the test's own to the gateway's metadata store, past any proxy the gateway's options put in
     * between: the PostgreSQL schema, or the embedded H2 database, which a connection from this JVM shares with the
     * gateway.
     */
    public Connection connectToMetadataStore() throws SQLException {
        if (schema != null) {
            TestPostgres postgres = TestPostgres.fromEnvironment().orElseThrow();
            return DriverManager.getConnection(schema.url(), postgres.user(), postgres.password());
        }
        StoreConfig embedded = StoreConfig.embedded(dataDir, SluiceOptions.METADATA_CONNECTION_TIMEOUT.defaultValue());
        return DriverManager.getConnection(embedded.jdbcUrl(), embedded.user(), embedded.password());
    }

    private void start() throws Exception {
        Configuration options = Configuration.fromMap(Map.of(
                SluiceOptions.DATA_DIR.key(),
                dataDir.toString(),
                SluiceOptions.API_PORT.key(),
                "0",
                SluiceOptions.FLINK_ENDPOINT_PORT.key(),
                "0",
                SluiceOptions.PG_PORT.key(),
                "0",
                SluiceOptions.JOB_POLL_INTERVAL.key(),
                "500 ms",
                // Small, deterministic jobs: one task each unless a test says otherwise.
                "parallelism.default",
                "1"));
        if (schema != null) {
            TestPostgres postgres = TestPostgres.fromEnvironment().orElseThrow();
            options.set(SluiceOptions.METADATA_URL, schema.url());
            options.set(SluiceOptions.METADATA_USER, postgres.user());
            options.set(SluiceOptions.METADATA_PASSWORD, postgres.password());
        }
        overrides.accept(options);
        server = SluiceServer.start(options);
        // An operator's own first token (sluice.auth.bootstrap-admin-token-file), else the one the first start wrote.
        adminToken = Files.readString(options.getOptional(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE)
                        .map(Path::of)
                        .orElse(server.adminTokenFile()))
                .strip();
        api = trust == null
                ? new ApiClient(server.apiUrl(), adminToken)
                : new ApiClient(server.apiUrl(), adminToken, trust);
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
