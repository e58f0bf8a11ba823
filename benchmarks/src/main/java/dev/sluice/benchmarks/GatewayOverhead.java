package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateway overhead: the rows/s of one HOP-window aggregation INSERT, submitted through Sluice and on plain Flink,
 * in rounds of one run each. Both jobs run on the same embedded cluster, so the ratio measures only what Sluice
 * adds around a job (submission, tracking), and should be close to 1.
 */
final class GatewayOverhead {

    enum Side { SLUICE, PLAIN_FLINK }

    /**
     * One run: {@code wallSeconds} from submitting to seeing the job FINISHED on the cluster, {@code flinkSeconds} as
     * the cluster itself measured the job.
     */
    record Run(int round, Side side, long rows, double wallSeconds, double flinkSeconds) {
        double rowsPerWallSecond() {
            return rows / wallSeconds;
        }

        double rowsPerFlinkSecond() {
            return rows / flinkSeconds;
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

    private final SideBySide sides;
    private final long rows;

    GatewayOverhead(SideBySide sides, long rows) {
        this.sides = sides;
        this.rows = rows;
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
            Progress.say("overhead round %d/%d: Sluice %.0f rows/s, plain Flink %.0f rows/s%s", round, rounds,
                    sluice.run().rowsPerWallSecond(), plainFlink.rowsPerWallSecond(), round == 0 ? " (warm-up)" : "");
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
        JsonNode job = api.run(sides.sessionId(), Workload.HOP_INSERT).get("statements").get(0).get("job");
        FlinkJobs.EndedJob ended = sides.jobs().awaitEnd(job.get("flinkJobId").asText(), RUN_TIMEOUT);
        Run run = measured(round, Side.SLUICE, start, ended);
        long tracked = Timeouts.poll("Sluice reporting the job FINISHED", TRACKING_TIMEOUT, TRACKING_POLL_INTERVAL, () ->
                api.get("/api/v1/jobs/" + job.get("id").asText()).body().path("status").asText().equals("FINISHED")
                        ? System.nanoTime()
                        : null);
        return new TrackedRun(run, (tracked - ended.endNanos()) / 1e6);
    }

    private Run onPlainFlink(int round) throws Exception {
        settle();
        long start = System.nanoTime();
        String jobId = sides.plainFlink().executeSql(Workload.HOP_INSERT).getJobClient().orElseThrow().getJobID().toHexString();
        return measured(round, Side.PLAIN_FLINK, start, sides.jobs().awaitEnd(jobId, RUN_TIMEOUT));
    }

    private Run measured(int round, Side side, long startNanos, FlinkJobs.EndedJob ended) {
        if (!ended.state().equals("FINISHED")) {
            throw new IllegalStateException(side + " job of round " + round + " ended " + ended.state() + ".");
        }
        return new Run(round, side, rows, (ended.endNanos() - startNanos) / 1e9, ended.flinkDurationMillis() / 1e3);
    }

    // Both sides share one heap: collect the last run's garbage first, so no run pays for the one before it.
    private static void settle() {
        System.gc();
    }
}
