package dev.sluice.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code benchmarks/run example-hop}: events/s, and events/s per core, of example 6 (sql-examples/sliding-window: HOP
 * windows of 1 hour sliding by 1 minute counting distinct users per section, every view enriched with its window
 * through an interval join), through Sluice and on plain Flink in alternating rounds of one run, as a ratio. The
 * example's view and INSERT are read from its file and run unchanged; only its Kafka tables are replaced, by a
 * bounded datagen source of the same columns and a blackhole sink, so the figure is the query's, not Kafka's.
 */
public final class ExampleHop {

    private static final Path EXAMPLE = Path.of("sql-examples", "sliding-window", "sliding-window.sql");
    private static final String USAGE = "Usage: benchmarks/run example-hop [--rounds N (default 3)] [--rows N (default 2000000)]\n";

    /**
     * The example's source and sink, with its table names and columns. The source's rate cap (2 M rows/s) is far
     * above what the job reaches on one task, so it does not throttle; it is also the rate the resource estimate
     * assumes, and at datagen's usual "unlimited" 10^9 rows/s the estimated state (~100 TB) would hold the job for
     * an admin's approval.
     */
    private static final String TABLES =
            """
            CREATE TABLE section_views (
              id BIGINT,
              section_id INT,
              user_num INT,
              user_id AS CONCAT('u', CAST(user_num AS STRING)),
              section AS CONCAT('s', CAST(section_id AS STRING)),
              -- 50 views per second of event time, in order: %d rows span %.1f hours, so windows fire all along.
              ts AS CAST(TO_TIMESTAMP_LTZ(id * 20, 3) AS TIMESTAMP(3)),
              WATERMARK FOR ts AS ts
            ) WITH (
              'connector' = 'datagen', 'rows-per-second' = '2000000', 'number-of-rows' = '%d',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '%d',
              'fields.section_id.min' = '0', 'fields.section_id.max' = '15',
              'fields.user_num.min' = '0', 'fields.user_num.max' = '9999');
            CREATE TABLE section_views_enriched (
              user_id STRING, section STRING, ts TIMESTAMP(3), hour_end TIMESTAMP(3), hour_users BIGINT, hour_views BIGINT
            ) WITH ('connector' = 'blackhole')""";

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
        List<String> statements = new ArrayList<>(Arrays.asList(TABLES.formatted(rows, rows * 20 / 3.6e6, rows, rows).split(";\n")));
        List<String> example = exampleQuery();
        statements.add(example.get(0));
        PrintStream out = System.out;
        Machine before = Machine.now();
        GatewayOverhead.Result result;
        try (SideBySide sides = SideBySide.start(statements)) {
            result = new GatewayOverhead(sides, rows, example.get(1)).run(rounds);
        }
        report(out, before, rows, result);
        // Flink and the gateway leave non-daemon threads behind; the report is complete.
        System.exit(0);
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

    private static void report(PrintStream out, Machine before, long rows, GatewayOverhead.Result result) throws IOException {
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
    }
}
