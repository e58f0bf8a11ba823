package dev.sluice.gateway.calibrate;

import dev.sluice.estimate.ResourceEstimator;
import dev.sluice.estimate.calibration.CostProfile;
import dev.sluice.estimate.calibration.ProfileException;
import dev.sluice.estimate.calibration.ProfileFitter;
import dev.sluice.estimate.calibration.ProfileStore;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.OperatorEstimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.gateway.calibrate.MeasuredJobs.Backend;
import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.table.api.TableEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sluice.gateway.calibrate.Datagen.blackhole;
import static dev.sluice.gateway.calibrate.Datagen.events;

/**
 * {@code ./sluice calibrate [--name NAME] [--data-dir DIR] [--runs N]}: runs one short micro-query per operator kind
 * on a MiniCluster in this JVM (the stateless ones and each stateful kind at two rates on heap state, each stateful
 * kind once more on RocksDB), estimates each with the shipped profile, fits this machine's constants from the
 * differences ({@link ProfileFitter}) and writes the profile to {@code <data-dir>/profiles/<name>.json}.
 * Takes about 18 minutes on 2 cores per run; with several runs, each micro-query's median is fitted, as one run's
 * per-record costs moved by up to 2x between runs on a shared machine.
 */
public final class CalibrateMain {

    private static final String USAGE = """
            Usage: ./sluice calibrate [--name NAME] [--data-dir DIR] [--runs N]
              --name NAME       the profile to write (default "default": the one the gateway uses unless
                                sluice.estimate.profile names another)
              --data-dir DIR    the gateway's data directory; the profile goes to DIR/profiles/NAME.json (default ./data)
              --runs N          measure every micro-query N times and fit the medians (default 1; about 18 minutes each)
            """;
    private static final long KEYS = 1_000;
    private static final long JOIN_KEYS = 1_000_000;
    /** Highest first: the JIT compiles a new kind's code during its first run, which should not be the slow one. */
    private static final List<Long> HEAP_RATES = List.of(10_000L, 3_000L);

    private static final long ROCKSDB_RATE = 3_000;
    /**
     * The accuracy benchmark's warm-up and windows, so both measure alike: a 3 s warm-up measured RocksDB kinds while
     * their first memtables filled (deduplication 3,134 ns per access against 1,880 with 5 s).
     */
    private static final MeasuredJobs.Timing TIMING =
            new MeasuredJobs.Timing(Duration.ofSeconds(5), Duration.ofSeconds(10), 3, Duration.ofSeconds(8));

    private CalibrateMain() {}

    public static void main(String[] args) throws Exception {
        String name = ProfileStore.DEFAULT;
        Path dataDir = Path.of(SluiceOptions.DATA_DIR.defaultValue());
        int repeats = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.print(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                fail("Flag " + args[i] + " needs a value.");
            }
            switch (args[i]) {
                case "--name" -> name = args[++i];
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--runs" -> repeats = runs(args[++i]);
                default -> fail("Unknown flag " + args[i] + ".");
            }
        }
        ProfileStore store = new ProfileStore(dataDir.resolve("profiles"));
        try {
            store.file(name);
        } catch (ProfileException e) {
            fail(e.getMessage());
        }
        CostProfile base = CostProfile.defaults();
        List<ProfileFitter.Run> runs = new ArrayList<>();
        for (int i = 1; i <= repeats; i++) {
            System.out.println("Run " + i + " of " + repeats);
            runs.addAll(measure(new ResourceEstimator(base)));
        }
        runs = medians(runs);
        ProfileFitter.Fit fit = ProfileFitter.fit(base, name, runs);
        Path file = store.write(fit.profile());
        fit.notes().forEach(note -> System.out.println("  " + note));
        System.out.println("Wrote cost profile '" + name + "' to " + file);
    }

    private static int runs(String value) {
        try {
            int runs = Integer.parseInt(value);
            if (runs >= 1 && runs <= 20) {
                return runs;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        fail("--runs takes a whole number from 1 to 20, not '" + value + "'.");
        return 1;
    }

    /**
     * One run per micro-query, kind, backend and rate: the one with the median CPU, with the median checkpoint size of
     * them all (a noisy run moves one of the two, rarely both).
     */
    static List<ProfileFitter.Run> medians(List<ProfileFitter.Run> runs) {
        record Repeated(OperatorKind subject, StateBackend backend, double rate) {}
        Map<Repeated, List<ProfileFitter.Run>> groups = new LinkedHashMap<>();
        for (ProfileFitter.Run run : runs) {
            double rate = run.estimate().operators().stream()
                    .filter(op -> op.kind() == OperatorKind.SOURCE)
                    .mapToDouble(OperatorEstimate::outputRate)
                    .sum();
            groups.computeIfAbsent(new Repeated(run.subject(), run.backend(), rate), k -> new ArrayList<>())
                    .add(run);
        }
        List<ProfileFitter.Run> medians = new ArrayList<>();
        for (List<ProfileFitter.Run> group : groups.values()) {
            List<ProfileFitter.Run> byCpu = group.stream()
                    .sorted(Comparator.comparingDouble(ProfileFitter.Run::measuredCores))
                    .toList();
            List<Long> checkpoints = group.stream()
                    .map(ProfileFitter.Run::measuredCheckpointBytes)
                    .sorted()
                    .toList();
            ProfileFitter.Run median = byCpu.get(byCpu.size() / 2);
            medians.add(new ProfileFitter.Run(
                    median.subject(),
                    median.backend(),
                    median.estimate(),
                    median.measuredCores(),
                    checkpoints.get(checkpoints.size() / 2)));
        }
        return medians;
    }

    /** The runs the fit needs: each micro-query estimated with the base profile, then measured. */
    static List<ProfileFitter.Run> measure(ResourceEstimator estimator) throws Exception {
        List<ProfileFitter.Run> runs = new ArrayList<>();
        try (MeasuredJobs jobs = MeasuredJobs.startCluster(2)) {
            for (Map.Entry<OperatorKind, MicroQuery> entry : microQueries().entrySet()) {
                OperatorKind subject = entry.getKey();
                for (long rate : HEAP_RATES) {
                    runs.add(run(jobs, estimator, subject, entry.getValue(), rate, Backend.HEAP));
                }
                if (subject.stateful()) {
                    runs.add(run(jobs, estimator, subject, entry.getValue(), ROCKSDB_RATE, Backend.ROCKSDB));
                }
            }
        }
        return runs;
    }

    private static ProfileFitter.Run run(
            MeasuredJobs jobs,
            ResourceEstimator estimator,
            OperatorKind subject,
            MicroQuery query,
            long rate,
            Backend backend)
            throws Exception {
        List<String> ddl = query.ddlAt(rate);
        TableEnvironment tables = jobs.environment(ddl, backend, 1, query.settings());
        Estimate estimate =
                estimator.estimate(MeasuredJobs.plan(tables, query.insert()), tables.getConfig(), query.hints(rate));
        Measurement measured = jobs.measure(ddl, query.insert(), backend, 1, query.settings(), TIMING);
        System.out.printf(
                "%-18s %5d rows/s %-8s  %.4f cores (windows %.4f-%.4f, estimated %.4f)  checkpoint %d bytes"
                        + " (estimated state %d)%n",
                subject,
                rate,
                backend.flinkName(),
                measured.rates().cpuCores(),
                measured.minCpuCores(),
                measured.maxCpuCores(),
                estimate.totals().cpuCores(),
                measured.checkpoint().stateSize(),
                estimate.totals().stateBytes());
        return new ProfileFitter.Run(
                subject,
                backend == Backend.ROCKSDB ? StateBackend.ROCKSDB : StateBackend.HEAP,
                estimate,
                measured.rates().cpuCores(),
                measured.checkpoint().stateSize());
    }

    /** One query per operator kind it measures; the stateless one stands for every stateless kind. */
    static Map<OperatorKind, MicroQuery> microQueries() {
        String source = events("events", KEYS);
        return Map.of(
                OperatorKind.CALC,
                        new MicroQuery(
                                "stateless",
                                List.of(source, blackhole("results", "k BIGINT, payload STRING")),
                                "INSERT INTO results SELECT k, UPPER(payload) FROM events WHERE v < 500",
                                Map.of(),
                                Duration.ZERO,
                                Map.of("events", KEYS)),
                OperatorKind.WINDOW_AGGREGATE,
                        new MicroQuery(
                                "tumble",
                                List.of(source, blackhole("results", "k BIGINT, c BIGINT")),
                                "INSERT INTO results SELECT k, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                                        + " GROUP BY k, window_start, window_end",
                                Map.of(),
                                Duration.ZERO,
                                Map.of("events", KEYS)),
                OperatorKind.GROUP_AGGREGATE,
                        new MicroQuery(
                                "group",
                                List.of(source, blackhole("results", "k BIGINT, c BIGINT, s INT")),
                                "INSERT INTO results SELECT k, COUNT(*), SUM(v) FROM events GROUP BY k",
                                Map.of(),
                                Duration.ZERO,
                                Map.of("events", KEYS)),
                OperatorKind.INTERVAL_JOIN,
                        new MicroQuery(
                                "interval-join",
                                List.of(
                                        events("a", JOIN_KEYS),
                                        events("b", JOIN_KEYS),
                                        blackhole("results", "k BIGINT, v INT, w INT")),
                                "INSERT INTO results SELECT a.k, a.v, b.v FROM a JOIN b ON a.k = b.k"
                                        + " AND b.ts BETWEEN a.ts - INTERVAL '2' SECOND AND a.ts + INTERVAL '2' SECOND",
                                Map.of(),
                                Duration.ZERO,
                                Map.of("a", JOIN_KEYS, "b", JOIN_KEYS)),
                OperatorKind.REGULAR_JOIN,
                        new MicroQuery(
                                "join-ttl",
                                List.of(
                                        events("a", JOIN_KEYS),
                                        events("b", JOIN_KEYS),
                                        blackhole("results", "k BIGINT, v INT, w INT")),
                                "INSERT INTO results SELECT a.k, a.v, b.v FROM a JOIN b ON a.k = b.k",
                                Map.of("table.exec.state.ttl", "5 s"),
                                Duration.ZERO,
                                Map.of("a", JOIN_KEYS, "b", JOIN_KEYS)),
                OperatorKind.DEDUPLICATE,
                        new MicroQuery(
                                "dedup",
                                List.of(source, blackhole("results", "k BIGINT, u BIGINT")),
                                "INSERT INTO results SELECT k, u FROM (SELECT k, u, ROW_NUMBER() OVER (PARTITION BY k ORDER BY pt) AS rn"
                                        + " FROM events) WHERE rn = 1",
                                Map.of(),
                                Duration.ZERO,
                                Map.of("events", KEYS)),
                OperatorKind.RANK,
                        new MicroQuery(
                                "top-3",
                                List.of(source, blackhole("results", "k BIGINT, v INT, rn BIGINT")),
                                "INSERT INTO results SELECT k, v, rn FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC)"
                                        + " AS rn FROM events) WHERE rn <= 3",
                                Map.of(),
                                Duration.ZERO,
                                Map.of("events", KEYS)));
    }

    private static void fail(String message) {
        System.err.println("sluice calibrate: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
