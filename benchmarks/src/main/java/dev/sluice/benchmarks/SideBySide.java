package dev.sluice.benchmarks;

import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A warm Sluice gateway in this JVM (the production wiring, as {@code ./sluice start} builds it) and, next to it, a
 * plain Flink {@link TableEnvironment} that submits to the gateway's own cluster (its embedded MiniCluster, unless the
 * options name a remote one). Both sides run their jobs on the very same cluster and slots, so what differs is only
 * what Sluice adds: the HTTP API, the statement pipeline, Flink's session layer, job tracking and result paging.
 */
final class SideBySide implements AutoCloseable {

    private static final int DEFAULT_PARALLELISM = 1;

    private final TempDir dataDir;
    private final SluiceServer server;
    private final ApiClient api;
    private final String sessionId;
    private final TableEnvironment plainFlink;
    private final FlinkJobs jobs;

    private SideBySide(
            TempDir dataDir, SluiceServer server, ApiClient api, String sessionId, TableEnvironment plainFlink) {
        this.dataDir = dataDir;
        this.server = server;
        this.api = api;
        this.sessionId = sessionId;
        this.plainFlink = plainFlink;
        this.jobs = new FlinkJobs(server.clusterUrl());
    }

    /** Starts the gateway, then creates the workload's tables in one Sluice session and in the plain environment. */
    static SideBySide start(long hopRows) throws Exception {
        return start(Workload.tables(hopRows));
    }

    /** Starts the gateway, then runs these statements in one Sluice session and in the plain environment. */
    static SideBySide start(List<String> tables) throws Exception {
        return start(tables, DEFAULT_PARALLELISM, Map.of());
    }

    /**
     * Starts the gateway with {@code options} on top of the defaults (for example another Flink target), then runs
     * these statements in one Sluice session and in the plain environment; both sides' jobs run at
     * {@code parallelism}.
     */
    static SideBySide start(List<String> tables, int parallelism, Map<String, String> options) throws Exception {
        TempDir dataDir = TempDir.create("sluice-bench-");
        SluiceServer server = null;
        try {
            Map<String, String> serverOptions = new HashMap<>(Map.of(
                    SluiceOptions.DATA_DIR.key(), dataDir.path().toString(),
                    SluiceOptions.API_PORT.key(), "0",
                    SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                    SluiceOptions.PG_PORT.key(), "0",
                    CoreOptions.DEFAULT_PARALLELISM.key(), String.valueOf(parallelism)));
            serverOptions.putAll(options);
            server = SluiceServer.start(Configuration.fromMap(serverOptions));
            ApiClient api = new ApiClient(
                    server.apiUrl(), Files.readString(server.adminTokenFile()).strip());
            String sessionId = api.openSession();
            TableEnvironment plainFlink = plainFlink(URI.create(server.clusterUrl()), parallelism);
            for (String ddl : tables) {
                api.run(sessionId, ddl);
                plainFlink.executeSql(ddl);
            }
            return new SideBySide(dataDir, server, api, sessionId, plainFlink);
        } catch (Exception | AssertionError e) {
            if (server != null) {
                server.close();
            }
            dataDir.close();
            throw e;
        }
    }

    /**
     * The same settings a Sluice job gets: streaming, remote target on the gateway's cluster, attached, and a
     * checkpoint every {@code sluice.jobs.checkpoint-interval} (into the cluster's checkpoint directory). Without the
     * checkpoints a plain Flink run longer than the interval skips work the Sluice run does.
     */
    private static TableEnvironment plainFlink(URI cluster, int parallelism) {
        Configuration configuration = new Configuration();
        configuration.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL, SluiceOptions.CHECKPOINT_INTERVAL.defaultValue());
        configuration.set(DeploymentOptions.TARGET, "remote");
        configuration.set(DeploymentOptions.ATTACHED, true);
        configuration.set(RestOptions.ADDRESS, cluster.getHost());
        configuration.set(RestOptions.PORT, cluster.getPort());
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        return TableEnvironment.create(EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(configuration)
                .build());
    }

    ApiClient api() {
        return api;
    }

    String sessionId() {
        return sessionId;
    }

    TableEnvironment plainFlink() {
        return plainFlink;
    }

    /** The REST address of the cluster both sides run their jobs on. */
    String clusterUrl() {
        return server.clusterUrl();
    }

    FlinkJobs jobs() {
        return jobs;
    }

    @Override
    public void close() {
        server.close();
        dataDir.close();
    }
}
