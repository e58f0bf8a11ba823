package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.calibrate.Datagen;
import dev.sluice.gateway.calibrate.JobMeter;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.tests.harness.FlinkSessionCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * {@code benchmarks/run keepup} (issue 20, point 4): does the parallelism the estimate recommends for a rate keep
 * up with it, and half of it not? A standalone Flink cluster of two TaskManagers of one slot each, each TaskManager's
 * JVM pinned to a core of its own ({@code taskset -c 0}, {@code -c 1}), so that one slot is one core and a job at
 * parallelism 1 cannot borrow the other core. Through Sluice (gateway in this JVM, {@code sluice.flink.target:
 * remote}): {@code :estimate} of the INSERT with the rate as a hint gives the recommended parallelism; the job then
 * runs at it and at half of it, each measured from Flink's REST metrics ({@link JobMeter}) after a warm-up.
 *
 * <p>Two queries ({@code --query}). {@code stateless} (the default) is the calibration's stateless one ({@code
 * ./sluice calibrate}: datagen, filter, projection with {@code UPPER}, blackhole), so the profile's per-record costs
 * were fitted on exactly this work: a miss here is the recommendation's, not an unmodelled expression's. It chains
 * into one task, so a job that cannot keep up shows as its source emitting less than asked (a real source's lag)
 * with its task busy, not as back pressure, which a chain without a shuffle never has. {@code window} counts rows per
 * key in 10 s tumbling windows: a keyed shuffle between the source's task and the window's, state, and timers, so
 * a job that cannot keep up shows as back pressure on the sources as well.
 */
public final class KeepUp {

    private static final String USAGE = "Usage: benchmarks/run keepup [--query stateless|window (default stateless)]"
            + " [--rate N (default: the highest rate whose estimate recommends parallelism 2)] [--warmup S (default"
            + " 20)] [--duration S (default 30)] [--profile FILE (a profile ./sluice calibrate wrote, e.g."
            + " data/profiles/NAME.json; default: the shipped one)]\n";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int TASK_MANAGERS = 2;
    private static final String TASKSET = "/usr/bin/taskset";
    private static final long KEYS = 1000;

    /** A query the benchmark runs: the sink's DDL and the INSERT into it. */
    record Query(String sink, String insert) {}

    private static final Map<String, Query> QUERIES = Map.of(
            "stateless",
            new Query(
                    Datagen.blackhole("results", "k BIGINT, payload STRING"),
                    "INSERT INTO results SELECT k, UPPER(payload) FROM events WHERE v < 500"),
            "window",
            new Query(
                    Datagen.blackhole("results", "k BIGINT, window_start TIMESTAMP(3), n BIGINT"),
                    "INSERT INTO results SELECT k, window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE events,"
                            + " DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end"));
    /** Keeping up: the sources emitted at least this share of the target, ... */
    private static final double EMITTED_SHARE = 0.95;
    /** ... and no subtask was back-pressured this share of the time or more. */
    private static final double BACK_PRESSURE_LIMIT = 0.1;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** What {@code :estimate} says of the INSERT at one rate. */
    record Estimated(long rate, int parallelism, double cpuCores, double processCpuCores) {}

    /**
     * One run of the job at a parallelism: what its sources and tasks did over the measuring window, and the cores
     * each TaskManager's process used meanwhile (at most 1, each being pinned to one).
     */
    record Run(int parallelism, long target, JobMeter.Rates rates, List<Double> taskManagerCores) {

        double emittedShare() {
            return rates.sourceRecordsPerSecond() / target;
        }

        boolean keptUp() {
            return emittedShare() >= EMITTED_SHARE && rates.maxBackPressuredFraction() < BACK_PRESSURE_LIMIT;
        }
    }

    private KeepUp() {}

    public static void main(String[] args) throws Exception {
        long rate = 0;
        long warmUp = 20;
        long duration = 30;
        Query query = QUERIES.get("stateless");
        Path profile = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length
                    || !List.of("--query", "--rate", "--warmup", "--duration", "--profile")
                            .contains(args[i])) {
                System.err.print(USAGE);
                System.exit(2);
            }
            if (args[i].equals("--profile")) {
                profile = Path.of(args[i + 1]);
                if (!Files.isRegularFile(profile)
                        || !profile.getFileName().toString().endsWith(".json")) {
                    System.err.printf("--profile must name a profile's .json file, not '%s'%n%s", profile, USAGE);
                    System.exit(2);
                }
                continue;
            }
            if (args[i].equals("--query")) {
                query = QUERIES.get(args[i + 1]);
                if (query == null) {
                    System.err.printf("--query must be stateless or window, not '%s'%n%s", args[i + 1], USAGE);
                    System.exit(2);
                }
                continue;
            }
            long value = BenchmarkFlags.wholeNumber(args[i], args[i + 1], USAGE);
            switch (args[i]) {
                case "--rate" -> rate = value;
                case "--warmup" -> warmUp = value;
                default -> duration = value;
            }
        }
        Machine before = Machine.now();
        Instant started = Instant.now();
        try (TempDir workDir = TempDir.create("sluice-bench-keepup-");
                FlinkSessionCluster cluster = FlinkSessionCluster.start(
                        workDir.path(),
                        TASK_MANAGERS,
                        1,
                        new FlinkSessionCluster.Launch(
                                index -> List.of(TASKSET, "-c", Integer.toString(index)),
                                // JobMeter reads counters at most this old.
                                Map.of("metrics.fetcher.update-interval", "500 ms")));
                SideBySide sides = SideBySide.start(List.of(), 1, gatewayOptions(cluster, workDir.path(), profile))) {
            ApiClient api = sides.api();
            String estimating = api.openSession();
            api.run(estimating, source(1000));
            api.run(estimating, query.sink());
            List<Estimated> band = twoBand(api, estimating, query);
            Estimated estimated = rate > 0 ? estimate(api, estimating, query, rate) : band.get(1);
            Progress.say(
                    "target %,d rows/s: the estimate recommends parallelism %d (%.3f task cores, %.3f process cores)",
                    estimated.rate(), estimated.parallelism(), estimated.cpuCores(), estimated.processCpuCores());
            JobMeter meter = new JobMeter(cluster.restUrl());
            TaskManagerCpu cpu = new TaskManagerCpu(cluster, TASK_MANAGERS);
            List<Run> runs = new ArrayList<>();
            for (int parallelism : List.of(estimated.parallelism(), estimated.parallelism() / 2)) {
                if (parallelism < 1) {
                    continue;
                }
                if (parallelism > TASK_MANAGERS) {
                    Progress.say(
                            "parallelism %d does not fit %d one-slot TaskManagers: not run",
                            parallelism, TASK_MANAGERS);
                    continue;
                }
                runs.add(run(api, meter, cpu, query, estimated.rate(), parallelism, warmUp, duration));
            }
            report(System.out, before, started, query, profile, band, estimated, runs, warmUp, duration);
        }
        // Flink and the gateway leave non-daemon threads behind; the report is complete.
        System.exit(0);
    }

    /**
     * The gateway on the cluster; with a calibrated {@code profile}, in a data directory of its own whose {@code
     * profiles/} holds it, named by {@code sluice.estimate.profile}.
     */
    private static Map<String, String> gatewayOptions(FlinkSessionCluster cluster, Path workDir, Path profile)
            throws IOException {
        Map<String, String> options = new HashMap<>(Map.of(
                SluiceOptions.FLINK_TARGET.key(), "remote",
                SluiceOptions.FLINK_REST_ADDRESS.key(), cluster.restAddress(),
                SluiceOptions.FLINK_REST_PORT.key(), String.valueOf(cluster.restPort()),
                SluiceOptions.FLINK_STATE_DIR.key(), cluster.stateDir()));
        if (profile != null) {
            Path dataDir = workDir.resolve("gateway");
            String file = profile.getFileName().toString();
            Files.createDirectories(dataDir.resolve("profiles"));
            Files.copy(profile, dataDir.resolve("profiles").resolve(file));
            options.put(SluiceOptions.DATA_DIR.key(), dataDir.toString());
            options.put(SluiceOptions.ESTIMATE_PROFILE.key(), file.substring(0, file.length() - ".json".length()));
        }
        return options;
    }

    private static String source(long rate) {
        return Datagen.events("events", KEYS).replace(Datagen.RATE, Long.toString(rate));
    }

    private static Estimated estimate(ApiClient api, String session, Query query, long rate) {
        ObjectNode request =
                MAPPER.createObjectNode().put("sql", query.insert()).put("sessionId", session);
        request.putObject("rates").putObject("events").put("eventsPerSecond", rate);
        ApiClient.Response response = api.post("/api/v1/statements:estimate", request);
        JsonNode totals = response.body().path("totals");
        if (response.status() != 200 || totals.isMissingNode()) {
            throw new IllegalStateException("The estimate answered " + response.status() + ": " + response.body());
        }
        return new Estimated(
                rate,
                totals.path("parallelism").asInt(),
                totals.path("cpuCores").asDouble(),
                totals.path("processCpuCores").asDouble());
    }

    /**
     * The lowest and the highest rate (to 1,000 rows/s) whose estimate recommends parallelism 2. The highest is the
     * default target: the estimate then holds each of two instances at its target utilization, the hardest case
     * for "keeps up", and half of it is left the most work, so "does not at half" is not won on a rate one
     * instance could nearly carry.
     */
    private static List<Estimated> twoBand(ApiClient api, String session, Query query) {
        long high = 1000;
        while (estimate(api, session, query, high).parallelism() <= 2) {
            high *= 2;
        }
        long firstTwo = firstAbove(api, session, query, 1, 0, high);
        long firstThree = firstAbove(api, session, query, 2, firstTwo, high);
        return List.of(estimate(api, session, query, firstTwo), estimate(api, session, query, firstThree - 1000));
    }

    /** The lowest multiple of 1,000 in (low, high] whose estimate recommends more than {@code parallelism}. */
    private static long firstAbove(ApiClient api, String session, Query query, int parallelism, long low, long high) {
        long lo = low / 1000;
        long hi = high / 1000;
        while (hi - lo > 1) {
            long mid = (lo + hi) / 2;
            if (estimate(api, session, query, mid * 1000).parallelism() > parallelism) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi * 1000;
    }

    /** Runs the INSERT at {@code parallelism} in a session of its own, measures it after the warm-up and stops it. */
    private static Run run(
            ApiClient api,
            JobMeter meter,
            TaskManagerCpu cpu,
            Query query,
            long rate,
            int parallelism,
            long warmUp,
            long duration)
            throws Exception {
        Progress.say("%,d rows/s at parallelism %d: %d s warm-up, %d s measured", rate, parallelism, warmUp, duration);
        String session = api.openSession();
        api.run(session, "SET 'parallelism.default' = '" + parallelism + "'");
        api.run(session, source(rate));
        api.run(session, query.sink());
        JsonNode job =
                api.run(session, query.insert()).path("statements").path(0).path("job");
        String flinkJob = job.path("flinkJobId").asText();
        try {
            await("job " + flinkJob + " running").atMost(START_TIMEOUT).until(() -> meter.running(flinkJob));
            Thread.sleep(Duration.ofSeconds(warmUp).toMillis());
            TaskManagerCpu.Sample cpuFirst = cpu.sample();
            JobMeter.Sample first = meter.sample(flinkJob);
            Thread.sleep(Duration.ofSeconds(duration).toMillis());
            TaskManagerCpu.Sample cpuSecond = cpu.sample();
            Run run = new Run(
                    parallelism,
                    rate,
                    JobMeter.between(first, meter.sample(flinkJob)),
                    TaskManagerCpu.cores(cpuFirst, cpuSecond));
            Progress.say(
                    "emitted %,.0f rows/s (%.1f %%), back-pressured %.0f ms/s, busy %s ms/s, TaskManagers' cores %s",
                    run.rates().sourceRecordsPerSecond(),
                    100 * run.emittedShare(),
                    1000 * run.rates().maxBackPressuredFraction(),
                    busy(run),
                    cores(run));
            return run;
        } finally {
            api.post("/api/v1/jobs/" + job.path("id").asText() + ":stop", "{}");
            // The next run needs both slots.
            await("both slots free again")
                    .atMost(START_TIMEOUT)
                    .until(() -> meter.get("/overview").path("slots-available").asInt() == TASK_MANAGERS);
        }
    }

    private static void report(
            PrintStream out,
            Machine before,
            Instant started,
            Query query,
            Path profile,
            List<Estimated> band,
            Estimated estimated,
            List<Run> runs,
            long warmUp,
            long duration)
            throws Exception {
        out.printf("# The recommended parallelism against a target rate (issue 20, point 4), %s%n%n", started);
        out.printf("%s%n%n", before.withLoadNow());
        out.printf("Profile: %s.%n%n", profile == null ? "the shipped one" : "`" + profile + "`");
        out.printf(
                "Query: `%s` over datagen `events` (k in 1..%d, a 16-character payload), blackhole sink; standalone"
                        + " cluster of %d TaskManagers of 1 slot, each pinned to a core of its own with taskset; %d s"
                        + " warm-up, then %d s measured.%n%n",
                query.insert(), KEYS, TASK_MANAGERS, warmUp, duration);
        out.printf(
                "The estimate recommends parallelism 2 from %,d rows/s (%.3f task cores) to %,d rows/s (%.3f task"
                        + " cores, %.3f process cores).%n%n",
                band.get(0).rate(),
                band.get(0).cpuCores(),
                band.get(1).rate(),
                band.get(1).cpuCores(),
                band.get(1).processCpuCores());
        out.printf(
                "Target %,d rows/s: estimate cpuCores %.3f, processCpuCores %.3f, recommended parallelism %d.%n%n",
                estimated.rate(), estimated.cpuCores(), estimated.processCpuCores(), estimated.parallelism());
        out.println("| parallelism | target rows/s | emitted rows/s (share) | max back-pressured ms/s | max busy ms/s"
                + " | TaskManager 0, 1: process cores | kept up |");
        out.println("|---|---|---|---|---|---|---|");
        for (Run run : runs) {
            out.printf(
                    "| %d%s | %,d | %,.0f (%.1f %%) | %.0f | %s | %s | %s |%n",
                    run.parallelism(),
                    run.parallelism() == estimated.parallelism() ? " (recommended)" : " (half)",
                    run.target(),
                    run.rates().sourceRecordsPerSecond(),
                    100 * run.emittedShare(),
                    1000 * run.rates().maxBackPressuredFraction(),
                    busy(run),
                    cores(run),
                    run.keptUp() ? "yes" : "**no**");
        }
        out.println();
        out.printf(
                "Kept up: the sources emitted at least %.0f %% of the target and no subtask was back-pressured %.0f ms/s"
                        + " or more (Flink's gauges at the window's end; emitted rows from the sources' counters over"
                        + " the window).%n",
                100 * EMITTED_SHARE, 1000 * BACK_PRESSURE_LIMIT);
        out.println();
        out.println("Busy is Flink's `busyTimeMsPerSecond`, which a legacy source's task (datagen's) does not measure"
                + " (NaN: n/a); the TaskManagers' process cores, read from the operating system, show a saturated"
                + " core instead.");
    }

    /** The busiest subtask's busy ms/s, or n/a where Flink does not measure it. */
    private static String busy(Run run) {
        double busy = run.rates().maxBusyFraction();
        return Double.isNaN(busy) ? "n/a" : String.format("%.0f", 1000 * busy);
    }

    private static String cores(Run run) {
        return String.join(
                ", ",
                run.taskManagerCores().stream()
                        .map(cores -> String.format("%.2f", cores))
                        .toList());
    }
}
