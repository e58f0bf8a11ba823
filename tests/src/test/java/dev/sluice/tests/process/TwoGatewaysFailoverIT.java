package dev.sluice.tests.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.TestPostgres;
import dev.sluice.tests.harness.FlinkSessionCluster;
import dev.sluice.tests.harness.FlinkSessionClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateways on one PostgreSQL and one standalone Flink cluster (docs/operations.md, "Two gateways on one metadata
 * store"), each a process of its own. Both serve every listener; the lease holder tracks jobs. With a job running and
 * an approval pending, the holder is killed (SIGKILL): the other takes the lease within the documented time, keeps
 * following the job, runs the approval once, and nothing is started twice or lost. A session lives where it was
 * opened: the other gateway tells its client to reconnect.
 */
class TwoGatewaysFailoverIT {

    @RegisterExtension
    static final FlinkSessionClusterExtension FLINK = new FlinkSessionClusterExtension(1, 4);

    /** sluice.ha.lease-duration (15 s) plus one sluice.ha.lease-renew-interval (5 s), the defaults: the documented bound. */
    private static final Duration DOCUMENTED_FAILOVER = Duration.ofSeconds(20);

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path workDir;

    private TestPostgres.Schema schema;
    private TwoGateways gateways;

    @AfterEach
    void stopEverything() {
        if (gateways != null) {
            gateways.close();
        }
        if (schema != null) {
            schema.drop();
        }
    }

    @Test
    void killingTheLeaseHolderHandsTrackingToTheOtherWithNothingStartedTwiceOrLost() throws Exception {
        TestPostgres postgres = TestPostgres.fromEnvironment()
                .orElseThrow(() -> new IllegalStateException(TestPostgres.URL + " is not set; ./sluice test sets it"));
        schema = postgres.createSchema();
        FlinkSessionCluster cluster = FLINK.cluster();
        gateways = TwoGateways.start(
                workDir, new TwoGateways.Store(schema.url(), postgres.user(), postgres.password()), cluster);
        GatewayProcess holder = gateways.holder();
        GatewayProcess standby = gateways.standby();
        ApiClient onHolder = gateways.admin(holder);
        ApiClient onStandby = gateways.admin(standby);

        // Both serve every listener: a job started through the standby, and its record read through the holder.
        String jobId = TwoGateways.startJob(onStandby, "kept");
        JsonNode job = onHolder.awaitJobStatus(jobId, "RUNNING", WAIT);
        String flinkJobId = job.get("flinkJobId").asText();
        assertThat(pgListenerAnswers(standby)).isTrue();
        assertThat(pgListenerAnswers(holder)).isTrue();

        // A second job, to be cancelled on the cluster after the failover: only a tracker records that.
        String watchedId = TwoGateways.startJob(onHolder, "watched");
        String watchedFlinkJobId = onHolder.awaitJobStatus(watchedId, "RUNNING", WAIT)
                .get("flinkJobId")
                .asText();

        // An approval pending: an analyst of a tenant without quota holds a job.
        String approvalId = HeldApproval.hold(
                onHolder,
                "analysts",
                "CREATE TABLE held_src (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');"
                        + "CREATE TABLE held_sink (n BIGINT) WITH ('connector' = 'blackhole')",
                "INSERT INTO held_sink SELECT n FROM held_src");

        // Sessions live where they were opened: the other gateway says so and tells the client to reconnect.
        String apiSession = onHolder.openSession();
        Response elsewhere =
                onStandby.post("/api/v1/statements", "{\"sessionId\": \"" + apiSession + "\", \"sql\": \"SELECT 1\"}");
        assertThat(elsewhere.status()).as(elsewhere.body().toString()).isEqualTo(404);
        assertThat(elsewhere.body().at("/error/hint").asText())
                .contains("lives on the gateway that opened it", "open a new one");
        String flinkSession =
                new FlinkEndpointClient(authority(holder.flinkEndpoint())).openSession(gateways.adminToken());
        FlinkEndpointClient.Response flinkElsewhere =
                new FlinkEndpointClient(authority(standby.flinkEndpoint())).sessionConfig(flinkSession);
        assertThat(flinkElsewhere.status()).isBetween(400, 499);
        assertThat(flinkElsewhere.errors()).contains("Reconnect", "lives on the gateway that opened it");
        List<String> recordsBefore = gateways.query("SELECT id FROM job ORDER BY id");

        // SIGKILL the holder; the approval is granted through the other gateway while the lease has not moved yet.
        long killedAt = System.nanoTime();
        holder.kill();
        Response approved = onStandby.post("/api/v1/approvals/" + approvalId + ":approve", "{\"comment\": \"go\"}");
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        String approvedJobId = approved.body().get("jobId").asText();

        gateways.awaitHolder(standby, DOCUMENTED_FAILOVER.plusSeconds(10));
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(failover).isLessThanOrEqualTo(DOCUMENTED_FAILOVER.plusSeconds(5));

        // Tracking moved: a job cancelled on the cluster behind the gateways' backs is recorded CANCELED by the new
        // holder's own polling (read from the store, not through the API, whose reads refresh on their own).
        gateways.cancelOnCluster(watchedFlinkJobId);
        await("the new holder recording the cancellation")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> gateways.query("SELECT status FROM job WHERE id = '" + watchedId + "'"),
                        status -> status.equals(List.of("CANCELED")));

        // The approval ran once: one job, one admission; and the lease change did not start it again.
        assertThat(gateways.query("SELECT job_id FROM approval_request WHERE id = '" + approvalId + "'"))
                .containsExactly(approvedJobId);
        assertThat(gateways.query("SELECT job_id FROM job_admission WHERE approval_id = '" + approvalId + "'"))
                .containsExactly(approvedJobId);
        JsonNode approvedJob = onStandby.awaitJobStatus(approvedJobId, "RUNNING", WAIT);

        // No job started twice: the cluster runs exactly the two jobs that should run, each once, and the kept job
        // is the same Flink job as before the kill (re-attached, not resubmitted).
        assertThat(onStandby
                        .get("/api/v1/jobs/" + jobId)
                        .body()
                        .get("flinkJobId")
                        .asText())
                .isEqualTo(flinkJobId);
        assertThat(gateways.runningFlinkJobs())
                .containsExactlyInAnyOrder(
                        flinkJobId, approvedJob.get("flinkJobId").asText());

        // No record lost: every job recorded before the kill is still there, with the approved one beside them.
        assertThat(gateways.query("SELECT id FROM job ORDER BY id"))
                .containsAll(recordsBefore)
                .contains(approvedJobId)
                .hasSize(recordsBefore.size() + 1);
        assertThat(pgListenerAnswers(standby)).isTrue();
    }

    /** The PostgreSQL listener of the gateway answers a query with the admin's token as password. */
    private boolean pgListenerAnswers(GatewayProcess gateway) throws Exception {
        try (Connection connection = DriverManager.getConnection(gateway.pgJdbcUrl(), "admin", gateways.adminToken());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            return rows.next() && rows.getInt(1) == 1;
        }
    }

    private static String authority(java.net.URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
