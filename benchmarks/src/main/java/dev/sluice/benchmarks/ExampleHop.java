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

/**
 * {@code benchmarks/run example-hop}: events/s, and events/s per core, of example 6 (sql-examples/sliding-window: HOP
 * windows of 1 hour sliding by 1 minute counting distinct users per section, every view enriched with its window
 * through an interval join), through Sluice and on plain Flink in alternating rounds of one run, as a ratio; then
 * through Sluice once more with the source paced below the rate it reached, to show that rate is sustained without
 * back-pressure. The example's view and INSERT are read from its file and run unchanged; only its Kafka tables are
 * replaced, by a bounded datagen source of the same columns and a blackhole sink, so the figure is the query's, not
 * Kafka's.
 */
public final class ExampleHop {

    private static final Path EXAMPLE = Path.of("sql-examples", "sliding-window", "sliding-window.sql");
    private static final String USAGE = "Usage: benchmarks/run example-hop [--rounds N (default 3)] [--rows N (default 2000000)]\n";

    /**
     * The example's source, with its table name and columns: {@code rows} rows at most {@code rowsPerSecond}. For the
     * unthrottled runs the cap (2 M rows/s) is far above what the job reaches on one task; it is also the rate the
     * resource estimate assumes, and at datagen's usual "unlimited" 10^9 rows/s the estimated state (~100 TB) would
     * hold the job for an admin's approval.
     */
    private static final String SOURCE =
            """
            CREATE %s section_views (
              id BIGINT,
              section_id INT,
              user_num INT,
              user_id AS CONCAT('u', CAST(user_num AS STRING)),
              section AS CONCAT('s', CAST(section_id AS STRING)),
              -- 50 views per second of event time, in order, so windows fire all along the run.
              ts AS CAST(TO_TIMESTAMP_LTZ(id * 20, 3) AS TIMESTAMP(3)),
              WATERMARK FOR ts AS ts
            ) WITH (
              'connector' = 'datagen', 'rows-per-second' = '%d', 'number-of-rows' = '%d',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '%d',
              'fields.section_id.min' = '0', 'fields.section_id.max' = '15',
              'fields.user_num.min' = '0', 'fields.user_num.max' = '9999')""";

    private static final String SINK =
            """
            CREATE TABLE section_views_enriched (
              user_id STRING, section STRING, ts TIMESTAMP(3), hour_end TIMESTAMP(3), hour_users BIGINT, hour_views BIGINT
            ) WITH ('connector' = 'blackhole')""";

    private static final long UNTHROTTLED = 2_000_000;
    /** The paced run: a share of the unthrottled rate, long enough to measure after a warm-up. */
    private static final double PACED_SHARE = 0.8;
    private static final Duration PACED_WARM_UP = Duration.ofSeconds(10);
    private static final Duration PACED_MEASURE = Duration.ofSeconds(20);

    /** What the paced run sustained: the source's rate, its back-pressure and the task threads' CPU. */
    private record Paced(long targetPerSecond, JobMeter.Rates rates) {}

    private ExampleHop() {}

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        long rows = 2_000_000;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !List.of("--rounds", "--rows").contains(args[i])) {
                System.err.print(USAGE);
                System.exit(2);
            }
            long value = Long.parseLong(args[i + 1]);
            if (args[i].equals("--rounds")) {
                rounds = (int) value;
            } else {
                rows = value;
            }
        }
        List<String> example = exampleQuery();
        PrintStream out = System.out;
        Machine before = Machine.now();
        GatewayOverhead.Result result;
        Paced paced;
        try (SideBySide sides = SideBySide.start(List.of(source("TABLE", UNTHROTTLED, rows), SINK, example.get(0)))) {
            result = new GatewayOverhead(sides, rows, example.get(1)).run(rounds);
            double sluiceMedian = Stats.of(result.runs().stream()
                    .filter(run -> run.side() == GatewayOverhead.Side.SLUICE).map(GatewayOverhead.Run::rowsPerWallSecond).toList()).median();
            paced = paced(sides, example, (long) (sluiceMedian * PACED_SHARE / 1000) * 1000);
        }
        report(out, before, rows, result, paced);
        // Flink and the gateway leave non-daemon threads behind; the report is complete.
        System.exit(0);
    }

    private static String source(String kind, long rowsPerSecond, long rows) {
        return SOURCE.formatted(kind, rowsPerSecond, rows, rows);
    }

    /**
     * The example through Sluice with its source paced at {@code perSecond}, in a session of its own whose temporary
     * source shadows the unthrottled one; measured from Flink's metrics after a warm-up, then stopped.
     */
    private static Paced paced(SideBySide sides, List<String> example, long perSecond) throws Exception {
        Progress.say("paced run at %d events/s", perSecond);
        long rows = perSecond * (PACED_WARM_UP.toSeconds() + PACED_MEASURE.toSeconds() + 30);
        String session = sides.api().openSession();
        sides.api().run(session, source("TEMPORARY TABLE", perSecond, rows));
        sides.api().run(session, example.get(0));
        JsonNode job = sides.api().run(session, example.get(1)).get("statements").get(0).get("job");
        try {
            JobMeter meter = new JobMeter(sides.clusterUrl());
            Thread.sleep(PACED_WARM_UP.toMillis());
            JobMeter.Sample first = meter.sample(job.get("flinkJobId").asText());
            Thread.sleep(PACED_MEASURE.toMillis());
            return new Paced(perSecond, JobMeter.between(first, meter.sample(job.get("flinkJobId").asText())));
        } finally {
            sides.api().post("/api/v1/jobs/" + job.get("id").asText() + ":stop", "{}");
        }
    }

    /** The example's CREATE TEMPORARY VIEW and INSERT, as the file has them. */
    private static List<String> exampleQuery() throws IOException {
        List<String> wanted = Arrays.stream(Files.readString(EXAMPLE).split(";\\s*\\n"))
                .map(ExampleHop::withoutLeadingComments)
                .filter(statement -> statement.startsWith("CREATE TEMPORARY VIEW") || statement.startsWith("INSERT INTO"))
                .toList();
        if (wanted.size() != 2) {
            throw new IllegalStateException(EXAMPLE + " no longer holds one view and one INSERT; update this benchmark.");
        }
        return wanted;
    }

    private static String withoutLeadingComments(String statement) {
        return statement.strip().replaceAll("^(--[^\\n]*\\n\\s*)+", "");
    }

    private static void report(PrintStream out, Machine before, long rows, GatewayOverhead.Result result, Paced paced) throws IOException {
        out.printf("# Example 6 (HOP 1 h / 1 min, distinct users, interval join), Sluice and plain Flink, %s%n%n", LocalDate.now());
        out.printf("%d cores, %s memory, %s; load average before: %s, after: %s%n%n", before.cores(), before.memory(),
                before.java(), before.loadAverage(), Machine.now().loadAverage());
        out.printf("%,d rows per run, parallelism 1, heap state backend, %d rounds after a warm-up round%n%n", rows, result.wallRatio().count());
        out.println("| round | side | submit to FINISHED (s) | events/s | Flink's job duration (s) | CPU s (whole JVM) | events/s per core |");
        out.println("|---|---|---|---|---|---|---|");
        List<Double> sluicePerCore = new ArrayList<>();
        List<Double> plainPerCore = new ArrayList<>();
        for (GatewayOverhead.Run run : result.runs()) {
            out.printf("| %d | %s | %.2f | %,.0f | %.2f | %.2f | %,.0f |%n", run.round(), run.side(), run.wallSeconds(),
                    run.rowsPerWallSecond(), run.flinkSeconds(), run.cpuSeconds(), run.rowsPerCpuSecond());
            (run.side() == GatewayOverhead.Side.SLUICE ? sluicePerCore : plainPerCore).add(run.rowsPerCpuSecond());
        }
        List<Double> perCoreRatios = new ArrayList<>();
        for (int i = 0; i < sluicePerCore.size(); i++) {
            perCoreRatios.add(sluicePerCore.get(i) / plainPerCore.get(i));
        }
        out.println();
        out.println("| measure | min / median / max |");
        out.println("|---|---|");
        out.printf("| Sluice events/s per core | %s |%n", Stats.of(sluicePerCore).format(0));
        out.printf("| plain Flink events/s per core | %s |%n", Stats.of(plainPerCore).format(0));
        out.printf("| ratio Sluice / plain Flink, events/s (submit to FINISHED) | %s |%n", result.wallRatio().format(3));
        out.printf("| ratio Sluice / plain Flink, events/s per core | %s |%n", Stats.of(perCoreRatios).format(3));
        JobMeter.Rates rates = paced.rates();
        out.printf("%nPaced through Sluice at %,d events/s (%.0f %% of its median unthrottled rate), measured over %.0f s after %d s:%n%n",
                paced.targetPerSecond(), PACED_SHARE * 100, rates.seconds(), PACED_WARM_UP.toSeconds());
        out.println("| source events/s | max back-pressured share of a task's time | task threads' CPU (cores) | events/s per core of task CPU |");
        out.println("|---|---|---|---|");
        out.printf("| %,.0f | %.2f | %.2f | %,.0f |%n", rates.sourceRecordsPerSecond(), rates.maxBackPressuredFraction(),
                rates.cpuCores(), rates.sourceRecordsPerSecond() / rates.cpuCores());
    }
}
