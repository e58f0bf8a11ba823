package dev.sluice.gateway.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Measures a running job on a Flink cluster in this JVM: per job vertex the records it read, the records its
 * source operators emitted, the CPU time of its task threads, how back-pressured and how busy it was; and the job's latest
 * completed checkpoint. Record rates come from Flink's cumulative counters sampled twice and divided by the wall
 * time between the samples, not from its per-second meters, which average over the last 60 s and so under-read a
 * job younger than a minute (the cluster should refresh metrics often: {@code metrics.fetcher.update-interval}).
 *
 * <p>CPU is the task threads' CPU time (found by thread name, which Flink sets to the task's name), not
 * Flink's busy time: busy time is wall time minus idle time, so on a shared machine it also counts the time a task
 * waited for a core, and its cumulative form advances in 5 s steps, too coarse for a 10 s window. Work outside
 * the task threads (RocksDB's native compaction threads, asynchronous checkpoint parts) is not counted. For a
 * cluster in other JVMs (a standalone one) only the REST figures mean anything: its task threads' CPU reads 0.
 */
public final class JobMeter {

    /** The cumulative counters of one job vertex, summed over its subtasks. */
    public record VertexCounters(
            String id, String name, int parallelism, long recordsIn, long sourceRecordsOut, long cpuNanos) {}

    /** The counters of every vertex of a job at one instant. */
    public record Sample(
            long nanos,
            Map<String, VertexCounters> vertices,
            Map<String, Double> backPressuredMillisPerSecond,
            Map<String, Double> busyMillisPerSecond) {}

    /**
     * What one vertex did between two samples, per second of wall time; {@code backPressuredFraction} and
     * {@code busyFraction} are the largest share of time one of its subtasks was back-pressured, and busy (Flink's
     * gauges at the second sample, trailing averages; busy is wall time, so it includes waiting for a core).
     */
    public record VertexRates(
            String name,
            int parallelism,
            double recordsInPerSecond,
            double sourceRecordsPerSecond,
            double cpuCores,
            double backPressuredFraction,
            double busyFraction) {}

    /** What the whole job did between two samples. */
    public record Rates(List<VertexRates> vertices, double seconds) {

        public double cpuCores() {
            return vertices.stream().mapToDouble(VertexRates::cpuCores).sum();
        }

        /** Records per second the job's source operators emitted: what it actually sustained. */
        public double sourceRecordsPerSecond() {
            return vertices.stream()
                    .mapToDouble(VertexRates::sourceRecordsPerSecond)
                    .sum();
        }

        /** The largest share of time any subtask was back-pressured: near 0 when the job keeps up. */
        public double maxBackPressuredFraction() {
            return vertices.stream()
                    .mapToDouble(VertexRates::backPressuredFraction)
                    .max()
                    .orElse(0);
        }

        /** The largest share of time any subtask was busy: near 1 when a task has no time to spare. */
        public double maxBusyFraction() {
            return vertices.stream()
                    .mapToDouble(VertexRates::busyFraction)
                    .max()
                    .orElse(0);
        }
    }

    /** A completed checkpoint: {@code stateSize} is the full state, {@code checkpointedSize} what this one wrote. */
    public record Checkpoint(long id, long stateSize, long checkpointedSize, Instant completed) {}

    private static final String THREAD_GROUP = "Flink Task Threads";
    private static final List<String> TASK_THREAD_PREFIXES = List.of("Legacy Source Thread - ", "OutputFlusher for ");
    private static final Pattern SOURCE_RECORDS_OUT = Pattern.compile("Source__.*\\.numRecordsOut");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than the cluster's metrics.fetcher.update-interval plus one fetch. */
    private static final Duration FETCH_WAIT = Duration.ofMillis(1500);

    private final String clusterUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public JobMeter(String clusterUrl) {
        this.clusterUrl = requireNonNull(clusterUrl, "clusterUrl is null").replaceAll("/+$", "");
    }

    /**
     * Reads every vertex's counters. The cluster answers a metrics request from what it fetched last and fetches
     * anew in the background, so a first round of requests makes it fetch and the second, {@link #FETCH_WAIT}
     * later, reads values at most that old; task threads' CPU is read between the two, when the values are taken.
     */
    public Sample sample(String jobId) throws InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        for (JsonNode vertex : job.path("vertices")) {
            get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics");
        }
        Map<String, Long> cpu = taskThreadCpuNanos();
        long nanos = System.nanoTime();
        Thread.sleep(FETCH_WAIT.toMillis());
        Map<String, VertexCounters> vertices = new LinkedHashMap<>();
        Map<String, Double> backPressure = new LinkedHashMap<>();
        Map<String, Double> busy = new LinkedHashMap<>();
        for (JsonNode vertex : job.path("vertices")) {
            String id = vertex.path("id").asText();
            String name = vertex.path("name").asText();
            String metricsPath = "/jobs/" + jobId + "/vertices/" + id + "/subtasks/metrics";
            List<String> wanted =
                    new ArrayList<>(List.of("numRecordsIn", "backPressuredTimeMsPerSecond", "busyTimeMsPerSecond"));
            wanted.addAll(sourceRecordsOutMetrics(metricsPath, name.startsWith("Source:")));
            long recordsIn = 0;
            long sourceRecordsOut = 0;
            String get = URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
            for (JsonNode metric : get(metricsPath + "?agg=sum,max&get=" + get)) {
                String metricId = metric.path("id").asText();
                if (metricId.equals("numRecordsIn")) {
                    recordsIn = metric.path("sum").asLong();
                } else if (metricId.equals("backPressuredTimeMsPerSecond")) {
                    backPressure.put(id, metric.path("max").asDouble());
                } else if (metricId.equals("busyTimeMsPerSecond")) {
                    busy.put(id, metric.path("max").asDouble());
                } else {
                    sourceRecordsOut += metric.path("sum").asLong();
                }
            }
            long cpuNanos = cpu.entrySet().stream()
                    .filter(thread -> taskOf(thread.getKey()).startsWith(name + " ("))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            vertices.put(
                    id,
                    new VertexCounters(
                            id, name, vertex.path("parallelism").asInt(), recordsIn, sourceRecordsOut, cpuNanos));
        }
        return new Sample(nanos, vertices, backPressure, busy);
    }

    /**
     * The ids of the source operators' output counters of a vertex. The cluster lists an operator's metrics only
     * once it has fetched them, so for a vertex that has a source this asks again until they show up.
     */
    private List<String> sourceRecordsOutMetrics(String metricsPath, boolean hasSource) {
        for (int attempt = 0; ; attempt++) {
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : get(metricsPath)) {
                String metricId = metric.path("id").asText();
                if (SOURCE_RECORDS_OUT.matcher(metricId).matches()) {
                    ids.add(metricId);
                }
            }
            if (!ids.isEmpty() || !hasSource || attempt == 10) {
                return ids;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ids;
            }
        }
    }

    public static Rates between(Sample first, Sample second) {
        double seconds = (second.nanos() - first.nanos()) / 1e9;
        if (seconds <= 0) {
            throw new IllegalArgumentException("The second sample must be taken after the first.");
        }
        List<VertexRates> rates = new ArrayList<>();
        for (VertexCounters end : second.vertices().values()) {
            VertexCounters start = first.vertices().get(end.id());
            if (start == null) {
                continue;
            }
            rates.add(new VertexRates(
                    end.name(),
                    end.parallelism(),
                    (end.recordsIn() - start.recordsIn()) / seconds,
                    (end.sourceRecordsOut() - start.sourceRecordsOut()) / seconds,
                    (end.cpuNanos() - start.cpuNanos()) / 1e9 / seconds,
                    second.backPressuredMillisPerSecond().getOrDefault(end.id(), 0.0) / 1000,
                    second.busyMillisPerSecond().getOrDefault(end.id(), 0.0) / 1000));
        }
        return new Rates(rates, seconds);
    }

    /** The latest completed checkpoint, if there is one. */
    public Optional<Checkpoint> latestCheckpoint(String jobId) {
        JsonNode completed =
                get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
        if (completed.isMissingNode() || completed.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(
                completed.path("id").asLong(),
                completed.path("state_size").asLong(),
                completed.path("checkpointed_size").asLong(),
                Instant.ofEpochMilli(completed.path("latest_ack_timestamp").asLong())));
    }

    /** Waits for a checkpoint with an id above {@code afterId} to complete. */
    public Checkpoint awaitCheckpointAfter(String jobId, long afterId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Checkpoint> latest = latestCheckpoint(jobId);
            if (latest.isPresent() && latest.get().id() > afterId) {
                return latest.get();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "No checkpoint after " + afterId + " of job " + jobId + " completed within " + timeout + ".");
    }

    /** Every job vertex has all its subtasks running, so its counters exist. */
    public boolean running(String jobId) {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The task a task thread works for, from its name. Besides the task's own thread (named after the task), a
     * legacy source (e.g. datagen) produces its records, and runs the operators chained to it, in a thread of its
     * own, and the task's output flusher has one too; both carry the task's name behind a prefix.
     */
    static String taskOf(String threadName) {
        for (String prefix : TASK_THREAD_PREFIXES) {
            if (threadName.startsWith(prefix)) {
                return threadName.substring(prefix.length());
            }
        }
        return threadName;
    }

    /** The names of a job's vertices, which its task threads carry. */
    public List<String> vertexNames(String jobId) {
        List<String> names = new ArrayList<>();
        get("/jobs/" + jobId)
                .path("vertices")
                .forEach(vertex -> names.add(vertex.path("name").asText()));
        return names;
    }

    /**
     * Whether a thread of a task of one of these vertices still lives. A cancelled job's legacy source thread can
     * outlive the job, and the next job of the same query has threads of the same names: its CPU would be counted
     * as the next job's.
     */
    public static boolean taskThreadsAlive(List<String> vertexNames) {
        return taskThreadCpuNanos().keySet().stream()
                .map(JobMeter::taskOf)
                .anyMatch(task -> vertexNames.stream().anyMatch(name -> task.startsWith(name + " (")));
    }

    /** CPU time of every live Flink task thread in this JVM, by thread name. */
    private static Map<String, Long> taskThreadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            ThreadGroup group = thread.getThreadGroup();
            if (group != null && THREAD_GROUP.equals(group.getName())) {
                cpu.merge(thread.getName(), Math.max(threads.getThreadCpuTime(thread.getId()), 0), Long::sum);
            }
        }
        return cpu;
    }

    /** A GET of the cluster's REST API, e.g. {@code /jobs/overview}, as JSON; a status other than 200 is an error. */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(clusterUrl + path))
                            .timeout(REQUEST_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading " + path, e);
        }
    }
}
