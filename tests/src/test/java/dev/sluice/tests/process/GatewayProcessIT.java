package dev.sluice.tests.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.TestPostgres;
import dev.sluice.gateway.track.WindowedCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as {@code ./sluice start} runs it: its own JVM, the launcher's main class and class path. It prints one
 * ready line with both addresses, and SIGTERM stops it cleanly: the process exits, its ports are free again, its
 * jobs are gone with the embedded cluster, and their records are still there on the next start.
 */
class GatewayProcessIT {

    @TempDir
    Path dataDir;
    // The job's output: a storage root of tenant default, beside the data directory (which no statement may reach).
    @TempDir
    Path jobOutput;

    private GatewayProcess gateway;

    @AfterEach
    void killWhatIsLeft() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void startsPrintsOneReadyLineAndStopsCleanlyOnSigterm() throws Exception {
        gateway = GatewayProcess.start(dataDir);
        URI api = gateway.api();
        URI flinkEndpoint = gateway.flinkEndpoint();
        // The first start prints the token right after the ready line.
        await("the first start's admin token line")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(gateway.output())
                        .anySatisfy(line -> assertThat(line).startsWith("First start: the admin token is slc_")));
        ApiClient client = gateway.adminClient();

        client.run(
                null,
                "CREATE TABLE ticks (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');"
                        + "CREATE TABLE nowhere (n BIGINT) WITH ('connector' = 'blackhole')");
        String jobId = client.run(null, "INSERT INTO nowhere SELECT n FROM ticks")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();

        gateway.process().destroy(); // SIGTERM
        assertThat(gateway.process().waitFor(60, TimeUnit.SECONDS))
                .as("the gateway exits after SIGTERM")
                .isTrue();
        assertThat(gateway.process().exitValue()).isIn(0, 143);
        assertThat(portIsFree(api.getPort())).as("API port free again").isTrue();
        assertThat(portIsFree(flinkEndpoint.getPort()))
                .as("Flink endpoint port free again")
                .isTrue();
        assertThat(gateway.output())
                .filteredOn(line -> line.startsWith("Sluice is ready"))
                .hasSize(1);

        gateway = GatewayProcess.start(dataDir);
        await("no admin token line after a later start's ready line")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(10))
                .until(() -> gateway.output().stream().noneMatch(line -> line.contains("admin token is")));
        JsonNode job = gateway.adminClient().get("/api/v1/jobs/" + jobId).body();
        assertThat(job.get("sql").asText()).isEqualTo("INSERT INTO nowhere SELECT n FROM ticks");
        assertThat(job.get("status").asText()).isEqualTo("LOST");
    }

    /**
     * SIGKILL while a job runs and checkpoints: the embedded cluster dies with the process, and the next start resumes
     * the job from its latest retained checkpoint under the same record, its windows continuing exactly once. No
     * job row is lost. The metadata store is PostgreSQL when SLUICE_TEST_POSTGRES_URL is set, else H2.
     */
    @Test
    void aJobRunningWhenTheGatewayIsKilledIsResumedFromItsCheckpoint() throws Exception {
        Path config = dataDir.resolve("sluice.yaml");
        List<String> lines = new ArrayList<>(List.of(
                "sluice.jobs.checkpoint-interval: 1 s", "sluice.jobs.poll-interval: 500 ms", "parallelism.default: 1"));
        Optional<String> postgres = postgresSchema();
        postgres.ifPresent(url -> lines.addAll(List.of(
                "sluice.metadata.url: " + url,
                "sluice.metadata.user: " + System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_USER", "sluice"),
                "sluice.metadata.password: '" + System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_PASSWORD", "")
                        + "'")));
        Files.write(config, lines);
        gateway = GatewayProcess.start(dataDir, "--config", config.toString());
        ApiClient client = gateway.adminClient();
        assertThat(client.post("/api/v1/tenants/default/storage-roots", "{\"path\": \"" + jobOutput + "\"}")
                        .status())
                .isEqualTo(200);
        WindowedCounts counts = new WindowedCounts(jobOutput.resolve("counts"));
        String session = client.openSession();
        client.run(session, counts.tables("k") + ";CREATE TABLE nowhere (n BIGINT) WITH ('connector' = 'blackhole')");
        String canceled = client.run(session, "INSERT INTO nowhere SELECT n FROM ticks_k")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
        client.post("/api/v1/jobs/" + canceled + ":stop", "");
        JsonNode job =
                client.run(session, counts.insert("k")).get("statements").get(0).get("job");
        String jobId = job.get("id").asText();
        String flinkJobId = job.get("flinkJobId").asText();
        // A function, a pending approval and their audit rows, which must all be there after the kill.
        assertThat(client.post("/api/v1/functions", """
                {"name": "tidy", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "tidy",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function tidy(s) { return s === null ? null : s.trim(); }"}
                """).status()).isEqualTo(201);
        String approvalId = HeldApproval.hold(
                client,
                "tight",
                "CREATE TABLE single_row (n INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1');"
                        + "CREATE TABLE discarded (n INT) WITH ('connector' = 'blackhole')",
                "INSERT INTO discarded SELECT n FROM single_row");
        counts.await("three committed windows", c -> c.rows().size() >= 3, Duration.ofSeconds(90));
        Path checkpoints = dataDir.resolve("checkpoints").resolve(flinkJobId);
        assertThat(checkpoints.toFile().list((dir, name) -> name.startsWith("chk-")))
                .isNotEmpty();
        JsonNode auditBefore = client.get("/api/v1/audit").body().get("entries");

        gateway.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(gateway.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.process().exitValue()).isEqualTo(137);
        String lastBeforeKill = counts.counts().lastKey();

        gateway = GatewayProcess.start(dataDir, "--config", config.toString());
        client = gateway.adminClient();
        JsonNode resumed = client.get("/api/v1/jobs/" + jobId).body();
        assertThat(resumed.get("status").asText()).as(resumed.toString()).isEqualTo("RUNNING");
        assertThat(resumed.get("flinkJobId").asText()).isNotEqualTo(flinkJobId);
        assertThat(resumed.get("statusMessage").asText())
                .startsWith("Resumed from checkpoint file:")
                .contains(checkpoints + "/chk-")
                .endsWith(" after the gateway restarted.");
        JsonNode savepoint = resumed.get("savepoints").get(0);
        assertThat(savepoint.get("kind").asText()).isEqualTo("CHECKPOINT");
        assertThat(savepoint.get("trigger").asText()).isEqualTo("reconcile");
        assertThat(client.get("/api/v1/jobs/" + canceled).body().get("status").asText())
                .isEqualTo("CANCELED");
        assertThat(client.get("/api/v1/jobs").body().get("jobs"))
                .extracting(j -> j.get("id").asText())
                .contains(jobId, canceled);
        assertThat(client.get("/api/v1/functions/tidy").status()).isEqualTo(200);
        assertThat(client.get("/api/v1/approvals/" + approvalId)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("PENDING");
        assertThat(client.get("/api/v1/audit").body().get("entries")).containsAll(auditBefore);

        counts.await(
                "five windows after the kill",
                c -> c.counts().keySet().stream()
                                .filter(w -> w.compareTo(lastBeforeKill) > 0)
                                .count()
                        >= 5,
                Duration.ofSeconds(120));
        assertThat(counts.timesWritten())
                .allSatisfy((window, times) -> assertThat(times).as(window).isEqualTo(1));
        counts.assertEveryWindowThereAndComplete();
        client.post("/api/v1/jobs/" + jobId + ":stop", "");
    }

    private static Optional<String> postgresSchema() {
        return TestPostgres.fromEnvironment()
                .map(postgres -> postgres.createSchema().url());
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
