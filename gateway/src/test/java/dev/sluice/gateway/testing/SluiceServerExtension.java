package dev.sluice.gateway.testing;

import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.store.StoreConfig;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Sluice gateway for a test class, started exactly as {@code ./sluice start} starts it (same wiring, embedded
 * MiniCluster, H2 metadata store, or PostgreSQL with {@link #onPostgres()}) but on free ports and in a temporary data directory. Register it as a static
 * field with {@code @RegisterExtension}; one gateway serves every test of the class. {@link #restart()} stops it and
 * starts a new one on the same data directory, as an operator restarting the process would.
 */
public final class SluiceServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final Consumer<Configuration> overrides;
    private final boolean onPostgres;
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
        this.overrides = overrides;
        this.onPostgres = onPostgres;
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
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        if (schema != null) {
            schema.drop();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
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
        return server.flinkEndpointUrl().substring("http://".length());
    }

    /** The REST API of the Flink cluster the gateway runs statements on (the embedded one's, on loopback). */
    public String clusterUrl() {
        return server.clusterUrl();
    }

    public java.util.List<String> apiRoutes() {
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
                SluiceOptions.DATA_DIR.key(), dataDir.toString(),
                SluiceOptions.API_PORT.key(), "0",
                SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                SluiceOptions.JOB_POLL_INTERVAL.key(), "500 ms",
                // Small, deterministic jobs: one task each unless a test says otherwise.
                "parallelism.default", "1"));
        if (schema != null) {
            TestPostgres postgres = TestPostgres.fromEnvironment().orElseThrow();
            options.set(SluiceOptions.METADATA_URL, schema.url());
            options.set(SluiceOptions.METADATA_USER, postgres.user());
            options.set(SluiceOptions.METADATA_PASSWORD, postgres.password());
        }
        overrides.accept(options);
        server = SluiceServer.start(options);
        // An operator's own first token (sluice.auth.bootstrap-admin-token-file), else the one the first start wrote.
        adminToken = Files.readString(options.getOptional(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE).map(Path::of)
                .orElse(server.adminTokenFile())).strip();
        api = new ApiClient(server.apiUrl(), adminToken);
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
