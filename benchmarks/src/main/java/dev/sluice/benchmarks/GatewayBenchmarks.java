package dev.sluice.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the gateway's benchmarks and prints a Markdown report on stdout (progress goes to stderr). Started by
 * {@code benchmarks/run} from the repository root; see docs/benchmarks.md.
 */
public final class GatewayBenchmarks {

    private static final String USAGE = """
            Usage: benchmarks/run [--starts N] [--first-rows N] [--rounds N] [--rows N] [start-to-ready] [first-row] [overhead]
              start-to-ready   ./sluice start as a child process to its ready line, and its idle RSS (--starts, default 5)
              first-row        submit to first row, Sluice against plain Flink (--first-rows rounds, default 10)
              overhead         rows/s of a HOP aggregation INSERT, Sluice against plain Flink
                               (--rounds, default 5, after a warm-up round; --rows per run, default 3000000)
            With no benchmark named, all three run.
            """;

    /** What to run and how often. */
    private record Plan(Set<String> benchmarks, int starts, int firstRows, int rounds, long rows) {}

    private GatewayBenchmarks() {}

    public static void main(String[] args) throws Exception {
        Plan plan;
        try {
            plan = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        // Whatever way the run ends, no gateway it launched outlives it.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly),
                        "benchmarks-cleanup"));
        PrintStream out = System.out;
        Machine before = Machine.now();
        out.printf("# Sluice benchmarks, %s%n%n", LocalDate.now());
        out.printf(
                "%d cores, %s memory, %s; load average before: %s%n",
                before.cores(), before.memory(), before.java(), before.loadAverage());
        if (plan.benchmarks().contains("start-to-ready")) {
            report(out, plan.starts(), new StartToReady(repository()).run(plan.starts()));
        }
        if (plan.benchmarks().contains("first-row") || plan.benchmarks().contains("overhead")) {
            try (SideBySide sides = SideBySide.start(plan.rows())) {
                if (plan.benchmarks().contains("first-row")) {
                    report(out, plan.firstRows(), new FirstRow(sides).run(plan.firstRows()));
                }
                if (plan.benchmarks().contains("overhead")) {
                    report(out, new GatewayOverhead(sides, plan.rows()).run(plan.rounds()));
                }
            }
        }
        out.printf("%nLoad average after: %s%n", Machine.now().loadAverage());
        // Flink and the gateway leave non-daemon threads behind; the report is complete.
        System.exit(0);
    }

    private static void report(PrintStream out, int starts, List<StartToReady.Start> measured) {
        Stats seconds = Stats.of(
                measured.stream().map(StartToReady.Start::secondsToReady).toList());
        Stats rssMib = Stats.of(
                measured.stream().map(start -> start.idleRssKib() / 1024.0).toList());
        out.printf("%n## Start to ready (%d starts of ./sluice start)%n%n", starts);
        out.println("| measure | min / median / max |");
        out.println("|---|---|");
        out.printf("| seconds from launch to \"Sluice is ready:\" | %s |%n", seconds.format(2));
        out.printf("| RSS after 5 s idle (MiB) | %s |%n", rssMib.format(0));
    }

    private static void report(PrintStream out, int rounds, FirstRow.Result result) {
        out.printf("%n## Submit to first row (%d rounds, after a warm-up)%n%n", rounds);
        out.println(
                "| side | submit call returned, ms: min / median / max | first row, ms: min / median (p50) / max |");
        out.println("|---|---|---|");
        out.printf(
                "| Sluice: POST /api/v1/statements, then result pages | %s | %s |%n",
                result.sluiceSubmitted().format(0), result.sluiceFirstRow().format(0));
        out.printf(
                "| plain Flink: executeSql(), then collect() | %s | %s |%n",
                result.plainFlinkSubmitted().format(0),
                result.plainFlinkFirstRow().format(0));
    }

    private static void report(PrintStream out, GatewayOverhead.Result result) {
        out.printf(
                "%n## Gateway overhead (HOP aggregation INSERT, parallelism 1, %d rounds after a warm-up)%n%n",
                result.wallRatio().count());
        out.println(
                "| round | side | rows | submit to FINISHED (s) | rows/s | Flink's job duration (s) | rows/s of job duration |");
        out.println("|---|---|---|---|---|---|---|");
        for (GatewayOverhead.Run run : result.runs()) {
            out.printf(
                    "| %d | %s | %d | %.2f | %.0f | %.2f | %.0f |%n",
                    run.round(),
                    run.side(),
                    run.rows(),
                    run.wallSeconds(),
                    run.rowsPerWallSecond(),
                    run.flinkSeconds(),
                    run.rowsPerFlinkSecond());
        }
        out.println();
        out.println("| ratio Sluice / plain Flink per round | min / median / max |");
        out.println("|---|---|");
        out.printf("| rows/s, submit to FINISHED | %s |%n", result.wallRatio().format(3));
        out.printf(
                "| rows/s, Flink's job duration | %s |%n", result.flinkRatio().format(3));
        out.printf(
                "%nSluice's GET /api/v1/jobs/{id} said FINISHED %s ms (min / median / max) after the cluster did.%n",
                result.trackingLagMillis().format(0));
    }

    private static Path repository() {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isExecutable(root.resolve("sluice"))) {
            throw new IllegalStateException("Run from the repository root (where ./sluice is), not " + root + ".");
        }
        return root;
    }

    private static Plan parse(String[] args) {
        Set<String> benchmarks = new LinkedHashSet<>();
        List<String> all = List.of("start-to-ready", "first-row", "overhead");
        int starts = 5;
        int firstRows = 10;
        int rounds = 5;
        long rows = 3_000_000;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (all.contains(arg)) {
                benchmarks.add(arg);
                continue;
            }
            if (rest.isEmpty() || !arg.startsWith("--")) {
                throw new IllegalArgumentException("Unknown argument " + arg + ".");
            }
            long value = positive(arg, rest.remove(0));
            switch (arg) {
                case "--starts" -> starts = (int) value;
                case "--first-rows" -> firstRows = (int) value;
                case "--rounds" -> rounds = (int) value;
                case "--rows" -> rows = value;
                default -> throw new IllegalArgumentException("Unknown flag " + arg + ".");
            }
        }
        return new Plan(benchmarks.isEmpty() ? new LinkedHashSet<>(all) : benchmarks, starts, firstRows, rounds, rows);
    }

    private static long positive(String flag, String value) {
        try {
            long number = Long.parseLong(value);
            if (number > 0 && number <= Integer.MAX_VALUE) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " takes a positive number, not '" + value + "'.");
    }
}
