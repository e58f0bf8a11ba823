package dev.sluice.benchmarks;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.tests.harness.FlinkSessionCluster;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code benchmarks/run remote}: the gateway-overhead HOP window query ({@link Workload#HOP_INSERT}) submitted through
 * Sluice to the embedded MiniCluster and to a standalone Flink session cluster on this machine
 * ({@link FlinkSessionCluster}: a JobManager and one or two TaskManagers, each a JVM of its own) with
 * {@code sluice.flink.target: remote}, at the same parallelism; plain Flink's rows/s on the same cluster alongside, so
 * each setup has its own baseline.
 */
public final class RemoteThroughput {

    private static final String USAGE =
            "Usage: benchmarks/run remote [--rounds N (default 3)] [--rows N (default 3000000)] [--parallelism N (default 2)]\n";

    /** Where the jobs run: the embedded cluster, or a standalone one of this many TaskManagers. */
    private record Setup(String name, int taskManagers) {
        boolean embedded() {
            return taskManagers == 0;
        }
    }

    private record Measured(Setup setup, GatewayOverhead.Result result) {
        Stats rowsPerSecond(GatewayOverhead.Side side, boolean flinkDuration) {
            return Stats.of(result.runs().stream()
                    .filter(run -> run.side() == side)
                    .map(run -> flinkDuration ? run.rowsPerFlinkSecond() : run.rowsPerWallSecond())
                    .toList());
        }
    }

    private RemoteThroughput() {}

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        long rows = 3_000_000;
        int parallelism = 2;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length
                    || !List.of("--rounds", "--rows", "--parallelism").contains(args[i])) {
                System.err.print(USAGE);
                System.exit(2);
            }
            long value = BenchmarkFlags.wholeNumber(args[i], args[i + 1], USAGE);
            switch (args[i]) {
                case "--rounds" -> rounds = (int) value;
                case "--rows" -> rows = value;
                default -> parallelism = (int) value;
            }
        }
        Machine before = Machine.now();
        List<Measured> measured = new ArrayList<>();
        for (Setup setup : List.of(
                new Setup("embedded MiniCluster", 0),
                new Setup("standalone, 1 TaskManager", 1),
                new Setup("standalone, 2 TaskManagers", 2))) {
            Progress.say("%s: %d rounds of %,d rows at parallelism %d", setup.name(), rounds, rows, parallelism);
            measured.add(new Measured(setup, run(setup, rounds, rows, parallelism)));
        }
        report(System.out, before, rows, parallelism, measured);
        // Flink and the gateway leave non-daemon threads behind; the report is complete.
        System.exit(0);
    }

    private static GatewayOverhead.Result run(Setup setup, int rounds, long rows, int parallelism) throws Exception {
        if (setup.embedded()) {
            try (SideBySide sides = SideBySide.start(Workload.tables(rows), parallelism, Map.of())) {
                return new GatewayOverhead(sides, rows).run(rounds);
            }
        }
        // Every TaskManager gets an equal share of the job's slots.
        int slots = (parallelism + setup.taskManagers() - 1) / setup.taskManagers();
        try (TempDir workDir = TempDir.create("sluice-bench-flink-");
                FlinkSessionCluster cluster = FlinkSessionCluster.start(workDir.path(), setup.taskManagers(), slots);
                SideBySide sides = SideBySide.start(
                        Workload.tables(rows),
                        parallelism,
                        Map.of(
                                SluiceOptions.FLINK_TARGET.key(), "remote",
                                SluiceOptions.FLINK_REST_ADDRESS.key(), cluster.restAddress(),
                                SluiceOptions.FLINK_REST_PORT.key(), String.valueOf(cluster.restPort()),
                                SluiceOptions.FLINK_STATE_DIR.key(), cluster.stateDir()))) {
            return new GatewayOverhead(sides, rows).run(rounds);
        }
    }

    private static void report(PrintStream out, Machine before, long rows, int parallelism, List<Measured> measured)
            throws Exception {
        out.printf("# The HOP window query on the embedded and on a standalone Flink cluster, %s%n%n", LocalDate.now());
        out.printf(
                "%d cores, %s memory, %s; load average before: %s, after: %s%n%n",
                before.cores(),
                before.memory(),
                before.java(),
                before.loadAverage(),
                Machine.now().loadAverage());
        out.printf(
                "%,d rows per run, parallelism %d, heap state backend, %d rounds after a warm-up round%n%n",
                rows, parallelism, measured.get(0).result().wallRatio().count());
        out.println(
                "| cluster | Sluice rows/s, submit to FINISHED | Sluice rows/s of Flink's job duration | plain Flink rows/s, submit to FINISHED | Sluice / embedded (median rows/s) |");
        out.println("|---|---|---|---|---|");
        double embedded = measured.get(0)
                .rowsPerSecond(GatewayOverhead.Side.SLUICE, false)
                .median();
        for (Measured m : measured) {
            Stats sluice = m.rowsPerSecond(GatewayOverhead.Side.SLUICE, false);
            out.printf(
                    "| %s | %s | %s | %s | %.2f |%n",
                    m.setup().name(),
                    sluice.format(0),
                    m.rowsPerSecond(GatewayOverhead.Side.SLUICE, true).format(0),
                    m.rowsPerSecond(GatewayOverhead.Side.PLAIN_FLINK, false).format(0),
                    sluice.median() / embedded);
        }
        out.println();
        out.println("Figures are min / median / max over the rounds.");
    }
}
