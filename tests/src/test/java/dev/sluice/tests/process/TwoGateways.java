package dev.sluice.tests.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.tests.harness.FlinkSessionCluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway processes ({@code ./sluice start}'s main class, each a JVM of its own) on one PostgreSQL metadata store and
 * one standalone Flink cluster, configured as docs/operations.md says: the same configuration file, each its own data
 * directory, the lease options at their defaults. The first started holds the job-tracking lease. Used by the failover
 * test and by {@code benchmarks/run failover}.
 */
public final class TwoGateways implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path workDir;
    private final Path config;
    private final Store store;
    private final FlinkSessionCluster cluster;
    private final String adminToken;
    private final List<GatewayProcess> gateways = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int started;

    /** The metadata store: a JDBC URL (a schema of its own) and its credentials. */
    public record Store(String url, String user, String password) {

        public Store {
            requireNonNull(url, "url is null");
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    private TwoGateways(Path workDir, Path config, Store store, FlinkSessionCluster cluster, String adminToken) {
        this.workDir = workDir;
        this.config = config;
        this.store = store;
        this.cluster = cluster;
        this.adminToken = adminToken;
    }

    /**
     * Starts gateway "a", then (once it holds the lease) gateway "b".
     *
     * @param extraOptions more lines of the shared configuration file ({@code key: value})
     */
    public static TwoGateways start(Path workDir, Store store, FlinkSessionCluster cluster, String... extraOptions)
            throws IOException, InterruptedException {
        String adminToken = "slc_failover_" + UUID.randomUUID().toString().replace("-", "");
        Path tokenFile = workDir.resolve("admin.token");
        Files.writeString(tokenFile, adminToken);
        Path passwordFile = workDir.resolve("metadata.password");
        Files.writeString(passwordFile, store.password());
        List<String> lines = new ArrayList<>(List.of(
                "sluice.metadata.url: \"" + store.url() + "\"",
                "sluice.metadata.user: \"" + store.user() + "\"",
                "sluice.metadata.password-file: \"" + passwordFile + "\"",
                "sluice.auth.bootstrap-admin-token-file: \"" + tokenFile + "\"",
                "sluice.flink.target: remote",
                "sluice.flink.rest-address: " + cluster.restAddress(),
                "sluice.flink.rest-port: " + cluster.restPort(),
                "sluice.flink.state-dir: \"" + cluster.stateDir() + "\"",
                "sluice.jobs.checkpoint-interval: 1 s"));
        lines.addAll(List.of(extraOptions));
        Path config = workDir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n", lines) + "\n");
        TwoGateways two = new TwoGateways(workDir, config, store, cluster, adminToken);
        boolean started = false;
        try {
            GatewayProcess a = two.startOne();
            two.awaitHolder(a, Duration.ofSeconds(30));
            two.startOne();
            started = true;
        } finally {
            // Whatever went wrong (an Error too), no gateway process is left behind.
            if (!started) {
                two.close();
            }
        }
        return two;
    }

    /** Starts one more gateway process on the shared configuration, in a data directory of its own. */
    public GatewayProcess startOne() throws IOException, InterruptedException {
        Path dataDir = Files.createDirectories(workDir.resolve("gateway-" + (++started)));
        GatewayProcess gateway = GatewayProcess.start(dataDir, "--config", config.toString());
        gateways.add(gateway);
        return gateway;
    }

    /** The gateways started and not killed, oldest first. */
    public List<GatewayProcess> running() {
        return gateways.stream().filter(gateway -> gateway.process().isAlive()).toList();
    }

    /** The running gateway holding the job-tracking lease. */
    public GatewayProcess holder() throws SQLException {
        String holder = leaseHolder().orElseThrow(() -> new IllegalStateException("Nobody holds the lease"));
        return running().stream()
                .filter(gateway -> gateway.gatewayId().equals(holder))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The lease holder " + holder + " is not running"));
    }

    /** A running gateway that does not hold the lease. */
    public GatewayProcess standby() throws SQLException {
        String holder = leaseHolder().orElse("");
        return running().stream()
                .filter(gateway -> !gateway.gatewayId().equals(holder))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Every running gateway holds the lease"));
    }

    /** Who holds the lease by the store, if anyone. */
    public Optional<String> leaseHolder() throws SQLException {
        List<String> holders =
                query("SELECT holder FROM gateway_lease WHERE name = 'job-tracking' AND holder IS NOT NULL");
        return holders.stream().findFirst();
    }

    /** Waits until {@code gateway} holds the lease. */
    public void awaitHolder(GatewayProcess gateway, Duration atMost) {
        await("gateway " + gateway.gatewayId() + " holding the job-tracking lease")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> leaseHolder().filter(gateway.gatewayId()::equals).isPresent());
    }

    /** The first column of every row of a trusted query on the metadata store. */
    public List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = store.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    public ApiClient admin(GatewayProcess gateway) {
        return new ApiClient(gateway.api().toString(), adminToken);
    }

    public String adminToken() {
        return adminToken;
    }

    /** Starts an INSERT job (datagen into blackhole, tables named with {@code suffix}) in a new session; its id. */
    public static String startJob(ApiClient api, String suffix) {
        String session = api.openSession();
        api.run(
                session,
                "CREATE TEMPORARY TABLE ticks_" + suffix
                        + " (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');"
                        + "CREATE TEMPORARY TABLE sink_" + suffix + " (n BIGINT) WITH ('connector' = 'blackhole')");
        return api.run(session, "INSERT INTO sink_" + suffix + " SELECT n FROM ticks_" + suffix)
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
    }

    /** The Flink jobs the cluster runs (not ended), by Flink job id. */
    public List<String> runningFlinkJobs() throws IOException, InterruptedException {
        JsonNode overview = clusterGet("/jobs/overview");
        List<String> ids = new ArrayList<>();
        for (JsonNode job : overview.get("jobs")) {
            String state = job.get("state").asText();
            if (!List.of("FINISHED", "CANCELED", "FAILED").contains(state)) {
                ids.add(job.get("jid").asText());
            }
        }
        return ids;
    }

    /** Cancels a Flink job behind the gateways' backs, as an operator on the cluster would. */
    public void cancelOnCluster(String flinkJobId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(cluster.restUrl() + "/jobs/" + flinkJobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("The cluster did not cancel " + flinkJobId + ": " + response.body());
        }
    }

    private JsonNode clusterGet(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(cluster.restUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(response.body());
    }

    @Override
    public void close() {
        gateways.forEach(GatewayProcess::close);
    }
}
