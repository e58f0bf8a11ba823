package dev.sluice.gateway.calibrate;

import dev.sluice.gateway.execute.FlinkCluster;
import dev.sluice.gateway.pipeline.plan.StatementPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.ModifyOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Runs one streaming SQL job at a time on a Flink cluster and measures it with a {@link JobMeter}: wait until every
 * task runs, let it warm up, sample its counters over a window, wait until its state has had time to reach steady
 * state and take the median of the next three completed checkpoints, then sample its counters over further windows.
 * One job at a time on a MiniCluster of its own, so nothing else shares its task threads. Shared by
 * {@code ./sluice calibrate} and the accuracy benchmark, so both measure the same way.
 */
public final class MeasuredJobs implements AutoCloseable {

    /**
     * How long each phase of one measured job lasts: {@code windows} measuring windows of {@code window} each, the
     * first after the warm-up and the others after the checkpoints are measured; the job's rates are those of the
     * window with the median CPU.
     */
    public record Timing(Duration warmUp, Duration window, int windows, Duration steadyState) {
        public Timing {
            requireNonNull(warmUp, "warmUp is null");
            requireNonNull(window, "window is null");
            requireNonNull(steadyState, "steadyState is null");
            if (windows < 1) {
                throw new IllegalArgumentException("A measured job needs at least one window, not " + windows + ".");
            }
        }
    }

    /** The state backend a job keeps its state in, with the Flink settings that choose it. */
    public enum Backend {
        HEAP("hashmap", Map.of("state.backend.type", "hashmap")),
        // Incremental, as RocksDB runs in production: the checkpoint's state size is then the live SST files.
        ROCKSDB("rocksdb", Map.of("state.backend.type", "rocksdb", "execution.checkpointing.incremental", "true"));

        private final String flinkName;
        private final Map<String, String> settings;

        Backend(String flinkName, Map<String, String> settings) {
            this.flinkName = flinkName;
            this.settings = settings;
        }

        public String flinkName() {
            return flinkName;
        }

        /** The backend Flink calls {@code name} ({@code hashmap} or {@code rocksdb}). */
        public static Backend named(String name) {
            for (Backend backend : values()) {
                if (backend.flinkName.equals(name)) {
                    return backend;
                }
            }
            throw new IllegalArgumentException("Unknown state backend '" + name + "'; use hashmap or rocksdb.");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MeasuredJobs.class);
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    private static final int CHECKPOINTS_MEASURED = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration THREADS_GONE_TIMEOUT = Duration.ofSeconds(30);

    private final FlinkCluster cluster;
    private final Path checkpoints;
    private final Configuration sessionConfiguration;
    private final JobMeter meter;

    /**
     * Starts a MiniCluster in this JVM for measured jobs, with checkpoints in a temporary directory (deleted on
     * {@link #close}) and metrics refreshed every 500 ms, so that short measuring windows read fresh counters.
     */
    public static MeasuredJobs startCluster(int taskSlots) throws Exception {
        Path checkpoints = Files.createTempDirectory("sluice-measured-");
        try {
            FlinkCluster cluster = FlinkCluster.startEmbedded(
                    Configuration.fromMap(Map.of(
                            "execution.checkpointing.dir",
                            checkpoints.toUri().toString(),
                            "metrics.fetcher.update-interval",
                            "500 ms")),
                    taskSlots);
            return new MeasuredJobs(cluster, checkpoints);
        } catch (Exception e) {
            deleteRecursively(checkpoints);
            throw e;
        }
    }

    private MeasuredJobs(FlinkCluster cluster, Path checkpoints) {
        this.cluster = cluster;
        this.checkpoints = checkpoints;
        this.sessionConfiguration = cluster.sessionConfiguration();
        this.meter = new JobMeter(cluster.webUrl());
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            deleteRecursively(checkpoints);
        }
    }

    /**
     * Runs {@code ddl} then {@code insert} as one job with the given state backend, parallelism and extra settings
     * (e.g. {@code table.exec.state.ttl}), measures it and cancels it.
     */
    public Measurement measure(
            List<String> ddl,
            String insert,
            Backend backend,
            int parallelism,
            Map<String, String> settings,
            Timing timing)
            throws Exception {
        TableEnvironment tables = environment(ddl, backend, parallelism, settings);
        TableResult result = tables.executeSql(insert);
        JobClient job =
                result.getJobClient().orElseThrow(() -> new IllegalStateException("The INSERT started no job."));
        String jobId = job.getJobID().toHexString();
        try {
            awaitRunning(jobId);
            long started = System.nanoTime();
            Thread.sleep(timing.warmUp().toMillis());
            List<JobMeter.Rates> windows = new ArrayList<>();
            windows.add(window(jobId, timing.window()));
            long remaining = timing.steadyState().toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (remaining > 0) {
                Thread.sleep(remaining);
            }
            // Checkpoints triggered from now on, so they hold the state as it is at steady state. An incremental
            // RocksDB
            // checkpoint's size swings with compactions (HOP at 10,000 rows/s measured 2.7 MiB in three runs, 4.4 MiB
            // in
            // a fourth): the median of three in a row. Taken before the further CPU windows, so that the state is
            // measured at the job's same age whatever their number: RocksDB's files keep changing size for minutes
            // (sessions at 10,000 rows/s checkpointed 764 KiB about 20 s in, 1,187 KiB 45 s in).
            long seen =
                    meter.latestCheckpoint(jobId).map(JobMeter.Checkpoint::id).orElse(0L);
            List<JobMeter.Checkpoint> taken = new ArrayList<>();
            for (int i = 0; i < CHECKPOINTS_MEASURED; i++) {
                JobMeter.Checkpoint next =
                        meter.awaitCheckpointAfter(jobId, seen, CHECKPOINT_INTERVAL.multipliedBy(15));
                taken.add(next);
                seen = next.id();
            }
            taken.sort(Comparator.comparingLong(JobMeter.Checkpoint::stateSize));
            // A job using 1-2 % of a core measured up to 1.6x apart in single 10 s windows (GC, JIT, the machine's
            // neighbours): the median of several windows.
            while (windows.size() < timing.windows()) {
                windows.add(window(jobId, timing.window()));
            }
            return new Measurement(windows, taken.get(CHECKPOINTS_MEASURED / 2));
        } finally {
            List<String> vertexNames = meter.vertexNames(jobId);
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
                awaitTaskThreadsGone(jobId, vertexNames);
            } catch (Exception e) {
                LOG.warn("Could not cancel measured job {}", jobId, e);
            }
        }
    }

    /** What the job did over one window of {@code length}, from two samples of its counters. */
    private JobMeter.Rates window(String jobId, Duration length) throws InterruptedException {
        JobMeter.Sample first = meter.sample(jobId);
        Thread.sleep(length.toMillis());
        return JobMeter.between(first, meter.sample(jobId));
    }

    /** The next measured job may be the same query: none of this one's threads may be left to be counted as its. */
    private static void awaitTaskThreadsGone(String jobId, List<String> vertexNames) throws InterruptedException {
        long deadline = System.nanoTime() + THREADS_GONE_TIMEOUT.toNanos();
        while (JobMeter.taskThreadsAlive(vertexNames)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("Task threads of cancelled job {} still run after {}", jobId, THREADS_GONE_TIMEOUT);
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * A table environment set up as {@link #measure} runs the job ({@code ddl} executed), e.g. to plan the
     * INSERT with {@link #plan} and estimate it under exactly the settings it runs with.
     */
    public TableEnvironment environment(
            List<String> ddl, Backend backend, int parallelism, Map<String, String> settings) {
        Map<String, String> jobSettings = new LinkedHashMap<>(backend.settings);
        jobSettings.put("parallelism.default", Integer.toString(parallelism));
        jobSettings.put("execution.checkpointing.interval", CHECKPOINT_INTERVAL.toMillis() + " ms");
        jobSettings.putAll(settings);
        Configuration configuration = new Configuration(sessionConfiguration);
        configuration.addAll(Configuration.fromMap(jobSettings));
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(configuration)
                .build());
        ddl.forEach(tables::executeSql);
        return tables;
    }

    /** The optimized physical plan of one INSERT in that environment, on this thread, without running it. */
    public static List<RelNode> plan(TableEnvironment tables, String insert) {
        TableEnvironmentInternal internal = (TableEnvironmentInternal) tables;
        List<ModifyOperation> sinks = internal.getParser().parse(insert).stream()
                .map(operation -> (ModifyOperation) operation)
                .toList();
        return StatementPlanner.optimize(internal, sinks);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", directory, e);
        }
    }

    private void awaitRunning(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!meter.running(jobId)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Job " + jobId + " did not start running within " + START_TIMEOUT + ".");
            }
            Thread.sleep(250);
        }
    }
}
