package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.TestPostgres;
import dev.sluice.tests.harness.FlinkSessionCluster;
import dev.sluice.tests.process.GatewayProcess;
import dev.sluice.tests.process.TwoGateways;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Failover time of two gateways on one PostgreSQL and one standalone Flink cluster (issue 21): the lease holder is
 * killed with SIGKILL, and the time until the other holds the job-tracking lease is measured by polling the store
 * every 50 ms. Between kills a new gateway is started in the killed one's place, as Kubernetes would, and the job
 * started before the first kill must still be the same Flink job, RUNNING, after each. The lease options are the
 * defaults (15 s lease, renewed every 5 s), so the failover is expected between 10 and 20 s: the survivor takes an
 * expired lease at its next renewal.
 */
public final class Failover {

    private static final String USAGE = "Usage: benchmarks/run failover [--kills N (default 5)]\n";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private Failover() {}

    public static void main(String[] args) throws Exception {
        int kills = 5;
        if (args.length == 2 && args[0].equals("--kills")) {
            kills = (int) BenchmarkFlags.wholeNumber(args[0], args[1], USAGE);
        } else if (args.length != 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        Machine before = Machine.now();
        TestPostgres postgres = TestPostgres.fromEnvironment()
                .orElseThrow(() -> new IllegalStateException(TestPostgres.URL + " is not set"));
        TestPostgres.Schema schema = postgres.createSchema();
        List<Double> seconds = new ArrayList<>();
        try (TempDir flinkDir = TempDir.create("sluice-bench-flink-");
                TempDir workDir = TempDir.create("sluice-bench-failover-");
                FlinkSessionCluster cluster = FlinkSessionCluster.start(flinkDir.path(), 1, 2);
                TwoGateways gateways = TwoGateways.start(
                        workDir.path(),
                        new TwoGateways.Store(schema.url(), postgres.user(), postgres.password()),
                        cluster)) {
            String jobId = TwoGateways.startJob(gateways.admin(gateways.holder()), "failover");
            String flinkJobId = gateways.admin(gateways.holder())
                    .awaitJobStatus(jobId, "RUNNING", Duration.ofSeconds(90))
                    .get("flinkJobId")
                    .asText();
            for (int kill = 1; kill <= kills; kill++) {
                GatewayProcess holder = gateways.holder();
                GatewayProcess survivor = gateways.standby();
                long killedAt = System.nanoTime();
                holder.kill();
                await("the survivor holding the lease")
                        .atMost(BOUND)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> gateways.leaseHolder()
                                .filter(survivor.gatewayId()::equals)
                                .isPresent());
                double took = (System.nanoTime() - killedAt) / 1e9;
                seconds.add(took);
                JsonNode job = gateways.admin(survivor).awaitJobStatus(jobId, "RUNNING", Duration.ofSeconds(30));
                if (!job.get("flinkJobId").asText().equals(flinkJobId)) {
                    throw new IllegalStateException("The job was started again: " + job);
                }
                Progress.say("kill %d: the other gateway held the lease after %.1f s; the job still runs", kill, took);
                gateways.startOne();
            }
        } finally {
            schema.drop();
        }
        report(System.out, before, seconds);
        System.exit(0);
    }

    private static void report(PrintStream out, Machine before, List<Double> seconds) throws Exception {
        out.printf("# Failover: two gateways, the lease holder killed, %s%n%n", LocalDate.now());
        out.printf("%s%n%n", before.withLoadNow());
        out.println("| kill | SIGKILL to the other gateway holding the lease (s) |");
        out.println("|---|---|");
        for (int i = 0; i < seconds.size(); i++) {
            out.printf("| %d | %.1f |%n", i + 1, seconds.get(i));
        }
        out.println();
        out.printf(
                "min / median / max over %d kills: %s s (lease 15 s, renewed every 5 s: documented bound 20 s)%n",
                seconds.size(), Stats.of(seconds).format(1));
    }
}
