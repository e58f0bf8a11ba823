package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.calibrate.JobMeter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@code benchmarks/run example-hop} and {@code benchmarks/run example-join}: events/s, and events/s per core, of an
 * example from sql-examples/, through Sluice and on plain Flink in alternating rounds of one run, as a ratio; then
 * through Sluice once more with the source paced below the rate it reached, to show that rate is sustained without
 * back-pressure, with the checkpointed state size sampled along the way. The example's views and job statement are
 * read from its file and run unchanged; only its Kafka tables are replaced, by bounded datagen sources of the same
 * columns and blackhole sinks, so the figure is the query's, not Kafka's.
 */
public final class ExampleThroughput {

    /**
     * One benchmarked example: its file, the statements kept from it (by how they start; the last is the job), the
     * statements that replace its sources (given the table kind, rows per second and rows) and sinks, and the cap on
     * the unthrottled runs' rate. The cap is far above what the job reaches on one task; it is also the rate the
     * resource estimate assumes, so at datagen's usual "unlimited" 10^9 rows/s the estimated state would hold the
     * job for an admin's approval.
     */
    private record Example(
            String command,
            String title,
            Path file,
            List<String> kept,
            SourceText sources,
            List<String> sinks,
            long unthrottled) {}

    @FunctionalInterface
    private interface SourceText {
        List<String> statements(String tableKind, long rowsPerSecond, long rows);
    }

    /**
     * Example 6 (sliding-window): 50 views per second of event time, in order, so windows fire all along the run;
     * section one of 16, user one of 10,000.
     */
    private static final Example HOP = new Example(
            "example-hop",
            "Example 6 (HOP 1 h / 1 min, distinct users, interval join)",
            Path.of("sql-examples", "sliding-window", "sliding-window.sql"),
            List.of("CREATE TEMPORARY VIEW", "INSERT INTO"),
            (kind, rate, rows) -> List.of("""
                    CREATE %s section_views (
                      id BIGINT,
                      section_id INT,
                      user_num INT,
                      user_id AS CONCAT('u', CAST(user_num AS STRING)),
                      section AS CONCAT('s', CAST(section_id AS STRING)),
                      ts AS CAST(TO_TIMESTAMP_LTZ(id * 20, 3) AS TIMESTAMP(3)),
                      WATERMARK FOR ts AS ts
                    ) WITH (
                      'connector' = 'datagen', 'rows-per-second' = '%d', 'number-of-rows' = '%d',
                      'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '%d',
                      'fields.section_id.min' = '0', 'fields.section_id.max' = '15',
                      'fields.user_num.min' = '0', 'fields.user_num.max' = '9999')""".formatted(kind, rate, rows, rows)),
            List.of("""
                    CREATE TABLE section_views_enriched (
                      user_id STRING, section STRING, ts TIMESTAMP(3), hour_end TIMESTAMP(3), hour_users BIGINT, hour_views BIGINT
                    ) WITH ('connector' = 'blackhole')"""),
            2_000_000);

    /**
     * Example 4 (impressions-plays): one event stream, 100 events per second of event time in order, split into
     * impressions and plays so both sides' event time advances together (two unpaced sources would drift apart, and
     * the join would buffer the faster one). Every fourth event is a play of the impression 5,999 events (a minute)
     * earlier, so it matches; one play in ten is by a user with no impressions, an orphan. Users one of 10,000, titles
     * one of 97.
     */
    private static final Example JOIN = new Example(
            "example-join",
            "Example 4 (impressions x plays: two interval joins, take rate per title and hour, orphan plays)",
            Path.of("sql-examples", "impressions-plays", "impressions-plays.sql"),
            List.of("CREATE TEMPORARY VIEW", "EXECUTE STATEMENT SET"),
            (kind, rate, rows) -> List.of("""
                    CREATE %s events (
                      id BIGINT,
                      is_play AS MOD(id, 4) = 0,
                      shown AS CASE WHEN MOD(id, 4) = 0 THEN id - 5999 ELSE id END,
                      ts AS CAST(TO_TIMESTAMP_LTZ(id * 10, 3) AS TIMESTAMP(3)),
                      WATERMARK FOR ts AS ts - INTERVAL '30' SECOND
                    ) WITH (
                      'connector' = 'datagen', 'rows-per-second' = '%d', 'number-of-rows' = '%d',
                      'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '%d')""".formatted(kind, rate, rows, rows), """
                    CREATE TEMPORARY VIEW impressions AS
                    SELECT CAST(id AS STRING) AS impression_id, CONCAT('u', CAST(MOD(id, 10000) AS STRING)) AS user_id,
                           CONCAT('t', CAST(MOD(id, 97) AS STRING)) AS title, ts
                    FROM events WHERE NOT is_play""", """
                    CREATE TEMPORARY VIEW plays AS
                    SELECT CASE WHEN MOD(id, 40) = 0 THEN 'orphan' ELSE CONCAT('u', CAST(MOD(shown, 10000) AS STRING)) END
                             AS user_id,
                           CONCAT('t', CAST(MOD(shown, 97) AS STRING)) AS title, ts
                    FROM events WHERE is_play"""),
            List.of(
                    "CREATE TABLE take_rates (title STRING, hour_start TIMESTAMP(3), impressions BIGINT, taken BIGINT,"
                            + " take_rate DOUBLE) WITH ('connector' = 'blackhole')",
                    "CREATE TABLE orphan_plays (user_id STRING, title STRING, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole')",
                    "CREATE TABLE orphan_plays_per_hour (hour_start TIMESTAMP(3), plays BIGINT) WITH ('connector' = 'blackhole')"),
            // At 2 M rows/s the estimate of ten minutes of both joins' state (~1.4 TB) exceeds the default quota.
            500_000);

    private static final List<Example> EXAMPLES = List.of(HOP, JOIN);
    private static final String USAGE =
            "Usage: benchmarks/run example-hop|example-join [--rounds N (default 3)] [--rows N (default 2000000)]"
                    + " [--paced-rate N (default 80 % of the median unthrottled rate)]\n";

    /** The paced run: a share of the unthrottled rate, long enough to measure after a warm-up. */
    private static final double PACED_SHARE = 0.8;

    private static final Duration PACED_WARM_UP = Duration.ofSeconds(10);
    private static final Duration PACED_MEASURE = Duration.ofSeconds(30);
    /** Checkpoints in the paced run, to sample the state size as input keeps flowing. */
    private static final Duration PACED_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    /** A checkpoint's barrier waits behind the records queued before it: on a busy machine that can take a while. */
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(1);

    /** The paced run: the source's rate, its back-pressure and the task threads' CPU, and the state over time. */
    private record Paced(long targetPerSecond, JobMeter.Rates rates, List<StateSample> state) {}

    /** A completed checkpoint of the paced run: when (seconds after the job was submitted) and its state size. */
    private record StateSample(double secondsAfterSubmit, long checkpointId, long stateBytes) {}

    private ExampleThroughput() {}

    public static void main(String[] args) throws Exception {
        Example example = args.length == 0
                ? null
                : EXAMPLES.stream()
                        .filter(candidate -> candidate.command().equals(args[0]))
                        .findFirst()
                        .orElse(null);
        int rounds = 3;
        long rows = 2_000_000;
        long pacedRate = 0;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length
                    || !List.of("--rounds", "--rows", "--paced-rate").contains(args[i])) {
                example = null;
                break;
            }
            long value = BenchmarkFlags.wholeNumber(args[i], args[i + 1], USAGE);
            switch (args[i]) {
                case "--rounds" -> rounds = (int) value;
                case "--rows" -> rows = value;
                default -> pacedRate = value;
            }
        }
        if (example == null) {
            System.err.print(USAGE);
            System.exit(2);
        }
        List<String> statements = kept(example);
        List<String> setup = new ArrayList<>(example.sources().statements("TABLE", example.unthrottled(), rows));
        setup.addAll(example.sinks());
        setup.addAll(statements.subList(0, statements.size() - 1));
        String job = statements.get(statements.size() - 1);
        Machine before = Machine.now();
        GatewayOverhead.Result result;
        Paced paced;
        try (SideBySide sides = SideBySide.start(setup)) {
            result = new GatewayOverhead(sides, rows, job).run(rounds);
            double sluiceMedian = Stats.of(result.runs().stream()
                            .filter(run -> run.side() == GatewayOverhead.Side.SLUICE)
                            .map(GatewayOverhead.Run::rowsPerWallSecond)
                            .toList())
                    .median();
            paced = paced(
                    sides,
                    example,
                    statements,
                    pacedRate > 0 ? pacedRate : (long) (sluiceMedian * PACED_SHARE / 1000) * 1000);
        }
        report(System.out, example, before, rows, result, paced);
        // Flink and the gateway leave non-daemon threads behind; the report is complete.
        System.exit(0);
    }

    /**
     * The example through Sluice with its source paced at {@code perSecond}, in a session of its own whose temporary
     * source shadows the unthrottled one, checkpointing every few seconds; measured from Flink's metrics after a
     * warm-up, then stopped.
     */
    private static Paced paced(SideBySide sides, Example example, List<String> statements, long perSecond)
            throws Exception {
        Progress.say("paced run at %d events/s", perSecond);
        long rows = perSecond * (PACED_WARM_UP.toSeconds() + PACED_MEASURE.toSeconds() + 30);
        String session = sides.api().openSession();
        sides.api()
                .run(
                        session,
                        "SET 'execution.checkpointing.interval' = '" + PACED_CHECKPOINT_INTERVAL.toSeconds() + " s'");
        for (String statement : example.sources().statements("TEMPORARY TABLE", perSecond, rows)) {
            sides.api().run(session, statement);
        }
        for (String statement : statements.subList(0, statements.size() - 1)) {
            sides.api().run(session, statement);
        }
        long submitted = System.nanoTime();
        JsonNode job = sides.api()
                .run(session, statements.get(statements.size() - 1))
                .get("statements")
                .get(0)
                .get("job");
        String flinkJob = job.get("flinkJobId").asText();
        try {
            JobMeter meter = new JobMeter(sides.clusterUrl());
            List<StateSample> state = new ArrayList<>();
            Function<JobMeter.Checkpoint, StateSample> sample = checkpoint ->
                    new StateSample((System.nanoTime() - submitted) / 1e9, checkpoint.id(), checkpoint.stateSize());
            Thread.sleep(PACED_WARM_UP.toMillis());
            JobMeter.Sample first = meter.sample(flinkJob);
            long deadline = System.nanoTime() + PACED_MEASURE.toNanos();
            long lastCheckpoint = 0;
            while (System.nanoTime() < deadline) {
                JobMeter.Checkpoint checkpoint =
                        meter.awaitCheckpointAfter(flinkJob, lastCheckpoint, CHECKPOINT_TIMEOUT);
                state.add(sample.apply(checkpoint));
                lastCheckpoint = checkpoint.id();
            }
            return new Paced(perSecond, JobMeter.between(first, meter.sample(flinkJob)), state);
        } finally {
            sides.api().post("/api/v1/jobs/" + job.get("id").asText() + ":stop", "{}");
        }
    }

    /** The example's statements this benchmark keeps, as the file has them, in order. */
    private static List<String> kept(Example example) throws IOException {
        // A statement ends with ';' at the end of a line and the next starts at the line's start: the INSERTs inside
        // a statement set are indented and its END closes it, so the set stays one statement.
        List<String> kept = Arrays.stream(Files.readString(example.file()).split(";\\s*\\n(?=\\S)(?!END\\b)"))
                .map(statement -> withoutLeadingComments(statement).replaceAll(";\\s*$", ""))
                .filter(statement -> example.kept().stream().anyMatch(statement::startsWith))
                .toList();
        if (kept.isEmpty()
                || !kept.get(kept.size() - 1)
                        .startsWith(example.kept().get(example.kept().size() - 1))) {
            throw new IllegalStateException(example.file() + " no longer holds the statements " + example.kept()
                    + " in that order; update this benchmark.");
        }
        return kept;
    }

    private static String withoutLeadingComments(String statement) {
        return statement.strip().replaceAll("^(--[^\\n]*\\n\\s*)+", "");
    }

    private static void report(
            PrintStream out, Example example, Machine before, long rows, GatewayOverhead.Result result, Paced paced)
            throws IOException {
        out.printf("# %s, Sluice and plain Flink, %s%n%n", example.title(), LocalDate.now());
        out.printf(
                "%d cores, %s memory, %s; load average before: %s, after: %s%n%n",
                before.cores(),
                before.memory(),
                before.java(),
                before.loadAverage(),
                Machine.now().loadAverage());
        out.printf(
                "%,d rows per run (source capped at %,d rows/s), parallelism 1, heap state backend, %d rounds after a warm-up round%n%n",
                rows, example.unthrottled(), result.wallRatio().count());
        out.println(
                "| round | side | submit to FINISHED (s) | events/s | Flink's job duration (s) | CPU s (whole JVM) | events/s per core |");
        out.println("|---|---|---|---|---|---|---|");
        List<Double> sluicePerCore = new ArrayList<>();
        List<Double> plainPerCore = new ArrayList<>();
        for (GatewayOverhead.Run run : result.runs()) {
            out.printf(
                    "| %d | %s | %.2f | %,.0f | %.2f | %.2f | %,.0f |%n",
                    run.round(),
                    run.side(),
                    run.wallSeconds(),
                    run.rowsPerWallSecond(),
                    run.flinkSeconds(),
                    run.cpuSeconds(),
                    run.rowsPerCpuSecond());
            (run.side() == GatewayOverhead.Side.SLUICE ? sluicePerCore : plainPerCore).add(run.rowsPerCpuSecond());
        }
        List<Double> perCoreRatios = new ArrayList<>();
        for (int i = 0; i < sluicePerCore.size(); i++) {
            perCoreRatios.add(sluicePerCore.get(i) / plainPerCore.get(i));
        }
        out.println();
        out.println("| measure | min / median / max |");
        out.println("|---|---|");
        out.printf(
                "| Sluice events/s per core | %s |%n", Stats.of(sluicePerCore).format(0));
        out.printf(
                "| plain Flink events/s per core | %s |%n",
                Stats.of(plainPerCore).format(0));
        out.printf(
                "| ratio Sluice / plain Flink, events/s (submit to FINISHED) | %s |%n",
                result.wallRatio().format(3));
        out.printf(
                "| ratio Sluice / plain Flink, events/s per core | %s |%n",
                Stats.of(perCoreRatios).format(3));
        JobMeter.Rates rates = paced.rates();
        out.printf(
                "%nPaced through Sluice at %,d events/s, measured over %.0f s after %d s:%n%n",
                paced.targetPerSecond(), rates.seconds(), PACED_WARM_UP.toSeconds());
        out.println(
                "| source events/s | max back-pressured share of a task's time | task threads' CPU (cores) | events/s per core of task CPU |");
        out.println("|---|---|---|---|");
        out.printf(
                "| %,.0f | %.2f | %.2f | %,.0f |%n",
                rates.sourceRecordsPerSecond(),
                rates.maxBackPressuredFraction(),
                rates.cpuCores(),
                rates.sourceRecordsPerSecond() / rates.cpuCores());
        out.printf(
                "%nCheckpointed state of the paced run, every %d s, while input kept flowing:%n%n",
                PACED_CHECKPOINT_INTERVAL.toSeconds());
        out.println("| s after submit | checkpoint | state size (KiB) |");
        out.println("|---|---|---|");
        for (StateSample sample : paced.state()) {
            out.printf(
                    "| %.0f | %d | %,d |%n",
                    sample.secondsAfterSubmit(), sample.checkpointId(), sample.stateBytes() / 1024);
        }
    }
}
