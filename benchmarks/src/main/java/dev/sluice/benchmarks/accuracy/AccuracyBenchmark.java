package dev.sluice.benchmarks.accuracy;

import dev.sluice.gateway.calibrate.MeasuredJobs;
import dev.sluice.gateway.calibrate.MeasuredJobs.Backend;
import dev.sluice.gateway.calibrate.Measurement;
import dev.sluice.gateway.execute.FlinkCluster;
import org.apache.flink.configuration.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The resource estimator's accuracy benchmark (issue 5): runs each reference query at two input rates with heap and
 * with RocksDB state on a MiniCluster in this JVM, measures checkpointed state and CPU, and prints them next to
 * the estimate with their ratio as a Markdown table on stdout. Started by {@code benchmarks/run accuracy
 * [--quick] [--queries a,b]}.
 */
public final class AccuracyBenchmark {

    private record Plan(List<Long> rates, List<Backend> backends, MeasuredJobs.Timing timing, List<String> queries) {}

    private AccuracyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Plan plan = parse(args);
        Path checkpoints = Files.createTempDirectory("sluice-accuracy-");
        Configuration cluster = Configuration.fromMap(Map.of(
                "execution.checkpointing.dir", checkpoints.toUri().toString(),
                // Counters read through REST are at most this old, so short measuring windows stay exact.
                "metrics.fetcher.update-interval", "500 ms"));
        try (FlinkCluster flink = FlinkCluster.startEmbedded(cluster, 2)) {
            MeasuredJobs jobs = new MeasuredJobs(flink.sessionConfiguration(), flink.webUrl());
            for (ReferenceQuery query : ReferenceQueries.all(System.currentTimeMillis())) {
                if (!plan.queries().isEmpty() && !plan.queries().contains(query.name())) {
                    continue;
                }
                for (long rate : plan.rates()) {
                    for (Backend backend : plan.backends()) {
                        MeasuredJobs.Timing timing = new MeasuredJobs.Timing(plan.timing().warmUp(), plan.timing().window(),
                                max(query.steadyState(), plan.timing().steadyState()));
                        Measurement m = jobs.measure(query.ddlAt(rate), query.insert(), backend, 1, query.settings(), timing);
                        System.out.printf("| %s | %d | %s | %.0f | %d | %.3f | %.3f | %.2f |%n", query.name(), rate,
                                backend.flinkName(), m.rates().sourceRecordsPerSecond(), m.checkpoint().stateSize(),
                                m.rates().cpuCores(), m.rates().cpuCores(), m.rates().maxBackPressuredFraction());
                        m.rates().vertices().forEach(v -> System.err.println("   " + v));
                    }
                }
            }
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Plan parse(String[] args) {
        boolean quick = false;
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--queries" -> queries.addAll(Arrays.asList(args[++i].split(",")));
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        return quick
                ? new Plan(List.of(1_000L), List.of(Backend.HEAP),
                        new MeasuredJobs.Timing(Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ZERO), queries)
                : new Plan(List.of(1_000L, 3_000L), List.of(Backend.HEAP, Backend.ROCKSDB),
                        new MeasuredJobs.Timing(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO), queries);
    }
}
