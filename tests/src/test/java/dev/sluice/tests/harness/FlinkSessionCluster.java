package dev.sluice.tests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

/**
 * A real standalone Flink session cluster: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and
 * TaskManagers ({@code TaskManagerRunner}), each in a JVM of its own, started as the Sluice Flink image would start
 * them: Flink's own jars ({@code tests/flink-cluster}, the official image's {@code lib/} rebuilt from Maven artifacts,
 * since flink-dist is not on Maven Central) plus exactly the jars the image adds ({@link FlinkImageBuild}), with the
 * JVM options its Dockerfile sets. Everything listens on 127.0.0.1 on free ports. The cluster has no checkpoint or
 * savepoint directory of its own: jobs get theirs from the gateway, e.g. under {@link #stateDir()}, which both reach
 * since they run on this machine. {@link #close()} (or the JVM's shutdown hook, if a test run is killed) stops every
 * process; {@link #killTaskManager(int)} kills one with SIGKILL, as a crashed machine would.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    /**
     * How a cluster is started beyond its size: a command each TaskManager's JVM is started through, by the
     * TaskManager's index (e.g. {@code taskset -c 0}, to give it one core of its own), and Flink settings on top of
     * the defaults.
     */
    public record Launch(IntFunction<List<String>> taskManagerPrefix, Map<String, String> configuration) {

        /** The defaults: every JVM started directly, Flink's settings as {@link #config} writes them. */
        public static final Launch DEFAULT = new Launch(index -> List.of(), Map.of());

        public Launch {
            requireNonNull(taskManagerPrefix, "taskManagerPrefix is null");
            configuration = Map.copyOf(configuration);
        }
    }

    /** System property naming the directory of Flink's own jars; the build sets it. */
    public static final String LIB_PROPERTY = "sluice.flinkClusterLib";

    private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    // JVM sizes follow the memory options in config.yaml: heap = framework + task heap, direct = framework and task
    // off-heap + network. Small, for a 2-core CI machine that runs the gateway and PostgreSQL beside them.
    private static final List<String> JOB_MANAGER_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC");
    private static final List<String> TASK_MANAGER_JVM = List.of(
            "-Xmx512m", "-Xms512m", "-XX:MaxDirectMemorySize=192m", "-XX:MaxMetaspaceSize=256m", "-XX:+UseSerialGC");

    private final Path workDir;
    private final int restPort;
    private final List<String> javaCommand;
    private final Map<String, String> environment;
    private final IntFunction<List<String>> taskManagerPrefix;
    private final Process jobManager;
    private final Map<Integer, Process> taskManagers = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::destroyAll, "flink-session-cluster-stop");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private int nextTaskManager;

    private FlinkSessionCluster(
            Path workDir,
            int restPort,
            List<String> javaCommand,
            Map<String, String> environment,
            IntFunction<List<String>> taskManagerPrefix,
            Process jobManager) {
        this.workDir = workDir;
        this.restPort = restPort;
        this.javaCommand = javaCommand;
        this.environment = environment;
        this.taskManagerPrefix = taskManagerPrefix;
        this.jobManager = jobManager;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Writes a configuration under {@code workDir}, starts the JobManager and {@code taskManagers} TaskManagers of
     * {@code slotsPerTaskManager} slots each, and waits until all have registered.
     */
    public static FlinkSessionCluster start(Path workDir, int taskManagers, int slotsPerTaskManager)
            throws IOException, InterruptedException {
        return start(workDir, taskManagers, slotsPerTaskManager, Launch.DEFAULT);
    }

    /** As {@link #start(Path, int, int)}, each TaskManager started through its prefix, with the extra settings. */
    public static FlinkSessionCluster start(Path workDir, int taskManagers, int slotsPerTaskManager, Launch launch)
            throws IOException, InterruptedException {
        requireNonNull(launch, "launch is null");
        Path lib = clusterLib();
        FlinkImageBuild image = FlinkImageBuild.fromBuild();
        int restPort = Ports.free();
        Path confDir = Files.createDirectories(workDir.resolve("conf"));
        Files.createDirectories(workDir.resolve("tmp"));
        Files.createDirectories(workDir.resolve("state"));
        Files.writeString(
                confDir.resolve("config.yaml"),
                config(workDir, restPort, Ports.free(), slotsPerTaskManager, launch.configuration()));
        Files.writeString(
                confDir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.console.ref = Console",
                        "appender.console.name = Console",
                        "appender.console.type = CONSOLE",
                        "appender.console.layout.type = PatternLayout",
                        "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                        ""));
        List<String> javaCommand = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlog4j2.configurationFile=" + confDir.resolve("log4j2.properties"),
                "-cp",
                lib + File.separator + "*" + File.pathSeparator + image.lib() + File.separator + "*");
        Map<String, String> environment = imageEnvironment(image);
        Process jobManager = launch(
                List.of(),
                javaCommand,
                environment,
                JOB_MANAGER_JVM,
                JOB_MANAGER,
                confDir,
                List.of(),
                workDir.resolve("jobmanager.log"));
        FlinkSessionCluster cluster = new FlinkSessionCluster(
                workDir, restPort, javaCommand, environment, launch.taskManagerPrefix(), jobManager);
        try {
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers, START_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info(
                "Flink session cluster at {} with {} TaskManagers (work directory {})",
                cluster.restUrl(),
                taskManagers,
                workDir);
        return cluster;
    }

    public String restAddress() {
        return "127.0.0.1";
    }

    public int restPort() {
        return restPort;
    }

    public String restUrl() {
        return "http://" + restAddress() + ":" + restPort;
    }

    /**
     * A directory (a file URI ending in /) for the gateway's sluice.flink.state-dir, deleted with the cluster.
     */
    public String stateDir() {
        return workDir.resolve("state").toUri().toString();
    }

    /** Starts one more TaskManager and returns its index; it registers with the JobManager shortly after. */
    public synchronized int startTaskManager() throws IOException {
        int index = nextTaskManager++;
        List<String> prefix = taskManagerPrefix.apply(index);
        Process process = launch(
                prefix,
                javaCommand,
                environment,
                TASK_MANAGER_JVM,
                TASK_MANAGER,
                workDir.resolve("conf"),
                List.of("-D", "taskmanager.resource-id=" + resourceId(index)),
                taskManagerLog(index));
        taskManagers.put(index, process);
        LOG.info(
                "TaskManager {} (pid {}) started with {}{}",
                index,
                process.pid(),
                environment,
                prefix.isEmpty() ? "" : " through " + String.join(" ", prefix));
        return index;
    }

    /** Kills the TaskManager with SIGKILL (no shutdown hooks, no goodbye to the JobManager) and waits until it is gone. */
    public synchronized void killTaskManager(int index) throws InterruptedException {
        Process process = requireNonNull(taskManagers.remove(index), "no running TaskManager " + index);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        LOG.info("Killed TaskManager {} (pid {})", index, process.pid());
    }

    /** The CPU time the TaskManager's process has used so far, all its threads, where the system tells it. */
    public synchronized Optional<Duration> taskManagerCpuTime(int index) {
        Process process = requireNonNull(taskManagers.get(index), "no running TaskManager " + index);
        return process.info().totalCpuDuration();
    }

    /** The indexes of the TaskManagers that run a task of the Flink job. */
    public Set<Integer> taskManagersOf(String flinkJobId) throws IOException, InterruptedException {
        Set<Integer> indexes = new HashSet<>();
        for (JsonNode vertex : get("/jobs/" + flinkJobId).path("vertices")) {
            for (JsonNode taskManager : get("/jobs/" + flinkJobId + "/vertices/"
                            + vertex.path("id").asText() + "/taskmanagers")
                    .path("taskmanagers")) {
                String id = taskManager.path("taskmanager-id").asText();
                if (id.startsWith("tm-")) {
                    indexes.add(Integer.parseInt(id.substring("tm-".length())));
                }
            }
        }
        return indexes;
    }

    /** What every TaskManager started so far has logged, one log after the other. */
    public synchronized String taskManagerLogs() throws IOException {
        StringBuilder logs = new StringBuilder();
        for (int index = 0; index < nextTaskManager; index++) {
            logs.append(Files.readString(taskManagerLog(index)));
        }
        return logs.toString();
    }

    /** The Flink job's checkpoint statistics, as the REST API answers {@code /jobs/:id/checkpoints}. */
    public JsonNode checkpoints(String flinkJobId) throws IOException, InterruptedException {
        return get("/jobs/" + flinkJobId + "/checkpoints");
    }

    /** Waits until exactly {@code count} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int count, Duration timeout) {
        await(count + " TaskManagers registered (logs in " + workDir + ")")
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (!jobManager.isAlive()) {
                        throw new IllegalStateException("The JobManager exited with " + jobManager.exitValue()
                                + "; see " + workDir.resolve("jobmanager.log"));
                    }
                    try {
                        return get("/overview").path("taskmanagers").asInt() == count;
                    } catch (IOException notYet) {
                        // The REST endpoint is not up yet.
                        return false;
                    }
                });
    }

    @Override
    public void close() {
        List<Process> processes = new ArrayList<>();
        synchronized (this) {
            processes.addAll(taskManagers.values());
            taskManagers.clear();
        }
        processes.add(jobManager);
        for (Process process : processes) {
            process.destroy();
        }
        try {
            for (Process process : processes) {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            destroyAll();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; nothing left to undo.
        }
    }

    private synchronized void destroyAll() {
        taskManagers.values().forEach(Process::destroyForcibly);
        jobManager.destroyForcibly();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(restUrl() + path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return mapper.readTree(response.body());
    }

    private Path taskManagerLog(int index) {
        return workDir.resolve("taskmanager-" + index + ".log");
    }

    private static String resourceId(int index) {
        return "tm-" + index;
    }

    private static Process launch(
            List<String> prefix,
            List<String> javaCommand,
            Map<String, String> environment,
            List<String> jvmOptions,
            String mainClass,
            Path confDir,
            List<String> arguments,
            Path log)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(javaCommand.subList(0, 1));
        command.addAll(jvmOptions);
        command.addAll(javaCommand.subList(1, javaCommand.size()));
        command.add(mainClass);
        command.add("--configDir");
        command.add(confDir.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Flink's own configuration file. TaskManagerRunner started without Flink's shell scripts needs every memory
     * pool and its CPU cores set (the scripts would compute them); a lost TaskManager is noticed within seconds.
     * {@code extra} settings come last and win.
     */
    private static String config(Path workDir, int restPort, int rpcPort, int slots, Map<String, String> extra) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("jobmanager.rpc.port", rpcPort);
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("rest.port", restPort);
        config.put("taskmanager.host", "127.0.0.1");
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.numberOfTaskSlots", slots);
        config.put("taskmanager.cpu.cores", slots);
        config.put("taskmanager.memory.framework.heap.size", "128m");
        config.put("taskmanager.memory.task.heap.size", "384m");
        config.put("taskmanager.memory.framework.off-heap.size", "128m");
        config.put("taskmanager.memory.task.off-heap.size", "0m");
        config.put("taskmanager.memory.network.min", "64m");
        config.put("taskmanager.memory.network.max", "64m");
        config.put("taskmanager.memory.managed.size", "128m");
        config.put("taskmanager.memory.jvm-metaspace.size", "256m");
        config.put("taskmanager.memory.jvm-overhead.min", "192m");
        config.put("taskmanager.memory.jvm-overhead.max", "192m");
        config.put("heartbeat.interval", "1 s");
        config.put("heartbeat.timeout", "5 s");
        config.put("io.tmp.dirs", workDir.resolve("tmp").toString());
        config.putAll(extra);
        return config.entrySet().stream()
                .map(entry -> entry.getKey() + ": "
                        + (entry.getValue() instanceof String text ? "'" + text + "'" : entry.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * The image's JVM options, in the variable through which the image gives them to every JVM. Only on JDK 17, the
     * image's: polyglot 23.1.x crashes with the Graal compiler on a later JDK (docs/js-udfs.md), where JavaScript then
     * runs interpreted, as {@code scripts/graal-flags.sh} decides for the gateway.
     */
    private static Map<String, String> imageEnvironment(FlinkImageBuild image) throws IOException {
        if (Runtime.version().feature() != 17) {
            return Map.of();
        }
        return Map.of("JDK_JAVA_OPTIONS", String.join(" ", image.jvmOptions()));
    }

    private static Path clusterLib() {
        String lib = System.getProperty(LIB_PROPERTY);
        requireNonNull(
                lib,
                "system property " + LIB_PROPERTY + " is not set; the build sets it to tests/flink-cluster/target/lib");
        Path path = Path.of(lib);
        File[] runtime =
                path.toFile().listFiles((dir, name) -> name.startsWith("flink-runtime-") && name.endsWith(".jar"));
        if (runtime == null || runtime.length == 0) {
            throw new IllegalStateException(
                    "The Flink cluster's jars are missing from " + path + "; build tests/flink-cluster first");
        }
        return path;
    }
}
