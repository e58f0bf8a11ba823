package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import dev.sluice.gateway.testing.ApiClient;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateway overhead: the rows/s of one INSERT over a bounded source (by default the HOP-window aggregation of
 * {@link Workload#HOP_INSERT}), submitted through Sluice and on plain Flink, in rounds of one run each. Both jobs run
 * on the same embedded cluster, so the ratio measures only what Sluice adds around a job (submission, tracking),
 * and should be close to 1.
 */
final class GatewayOverhead {

    enum Side {
        SLUICE,
        PLAIN_FLINK
    }

    /**
     * One run: {@code wallSeconds} from submitting to seeing the job FINISHED on the cluster, {@code flinkSeconds} as
     * the cluster itself measured the job.
     */
    record Run(int round, Side side, long rows, double wallSeconds, double flinkSeconds, double cpuSeconds) {
        double rowsPerWallSecond() {
            return rows / wallSeconds;
        }

        double rowsPerFlinkSecond() {
            return rows / flinkSeconds;
        }

        /** Rows per second of one core: the rows over the CPU time this JVM (gateway, cluster, job) spent on the run. */
        double rowsPerCpuSecond() {
            return rows / cpuSeconds;
        }
    }

    /**
     * Every measured run; the per-round ratios Sluice / plain Flink of rows/s; and how long after the cluster
     * Sluice's own job API said FINISHED.
     */
    record Result(List<Run> runs, Stats wallRatio, Stats flinkRatio, Stats trackingLagMillis) {}

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TRACKING_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TRACKING_POLL_INTERVAL = Duration.ofMillis(10);

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final SideBySide sides;
    private final long rows;
    private final String insert;

    GatewayOverhead(SideBySide sides, long rows) {
        this(sides, rows, Workload.HOP_INSERT);
    }

    /** {@code insert} reads a bounded source of exactly {@code rows} rows, on both sides' tables. */
    GatewayOverhead(SideBySide sides, long rows, String insert) {
        this.sides = sides;
        this.rows = rows;
        this.insert = insert;
    }

    /** Round 0 warms both sides up and is not reported; then {@code rounds} rounds of Sluice, plain Flink. */
    Result run(int rounds) throws Exception {
        List<Run> runs = new ArrayList<>();
        List<Double> wallRatios = new ArrayList<>();
        List<Double> flinkRatios = new ArrayList<>();
        List<Double> trackingLags = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            TrackedRun sluice = throughSluice(round);
            Run plainFlink = onPlainFlink(round);
            Progress.say(
                    "overhead round %d/%d: Sluice %.0f rows/s, plain Flink %.0f rows/s%s",
                    round,
                    rounds,
                    sluice.run().rowsPerWallSecond(),
                    plainFlink.rowsPerWallSecond(),
                    round == 0 ? " (warm-up)" : "");
            if (round > 0) {
                runs.add(sluice.run());
                runs.add(plainFlink);
                wallRatios.add(sluice.run().rowsPerWallSecond() / plainFlink.rowsPerWallSecond());
                flinkRatios.add(sluice.run().rowsPerFlinkSecond() / plainFlink.rowsPerFlinkSecond());
                trackingLags.add(sluice.trackingLagMillis());
            }
        }
        return new Result(runs, Stats.of(wallRatios), Stats.of(flinkRatios), Stats.of(trackingLags));
    }

    private record TrackedRun(Run run, double trackingLagMillis) {}

    private TrackedRun throughSluice(int round) throws Exception {
        ApiClient api = sides.api();
        settle();
        long start = System.nanoTime();
        long cpuStart = OS.getProcessCpuTime();
        JsonNode statements = api.run(sides.sessionId(), insert).get("statements");
        JsonNode job = statements.get(statements.size() - 1).get("job");
        FlinkJobs.EndedJob ended = sides.jobs().awaitEnd(job.get("flinkJobId").asText(), RUN_TIMEOUT);
        Run run = measured(round, Side.SLUICE, start, cpuStart, ended);
        long tracked = Timeouts.poll(
                "Sluice reporting the job FINISHED",
                TRACKING_TIMEOUT,
                TRACKING_POLL_INTERVAL,
                () -> api.get("/api/v1/jobs/" + job.get("id").asText())
                                .body()
                                .path("status")
                                .asText()
                                .equals("FINISHED")
                        ? System.nanoTime()
                        : null);
        return new TrackedRun(run, (tracked - ended.endNanos()) / 1e6);
    }

    private Run onPlainFlink(int round) throws Exception {
        settle();
        long start = System.nanoTime();
        long cpuStart = OS.getProcessCpuTime();
        String jobId = sides.plainFlink()
                .executeSql(insert)
                .getJobClient()
                .orElseThrow()
                .getJobID()
                .toHexString();
        return measured(round, Side.PLAIN_FLINK, start, cpuStart, sides.jobs().awaitEnd(jobId, RUN_TIMEOUT));
    }

    private Run measured(int round, Side side, long startNanos, long cpuStartNanos, FlinkJobs.EndedJob ended) {
        double cpuSeconds = (OS.getProcessCpuTime() - cpuStartNanos) / 1e9;
        if (!ended.state().equals("FINISHED")) {
            throw new IllegalStateException(side + " job of round " + round + " ended " + ended.state() + ".");
        }
        return new Run(
                round,
                side,
                rows,
                (ended.endNanos() - startNanos) / 1e9,
                ended.flinkDurationMillis() / 1e3,
                cpuSeconds);
    }

    // Both sides share one heap: collect the last run's garbage first, so no run pays for the one before it.
    private static void settle() {
        System.gc();
    }
}
