package dev.sluice.gateway.execute;

import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.messages.webmonitor.JobDetails;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobsOverviewHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The Flink cluster statements run on, reached through its REST API: the embedded cluster is a MiniCluster in this
 * JVM whose REST endpoint listens on loopback, the remote one an existing session cluster. Sessions submit to
 * either with {@code execution.target=remote}, and jobs are tracked, stopped and measured through the same REST
 * API: nothing above this class knows which one it is.
 */
public final class FlinkCluster implements JobCluster, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    // A savepoint writes all of the job's state, so it may take much longer than a plain request.
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(10);
    /** How long a stop waits for the tasks of a job that has just been (re)started. */
    private static final Duration TASKS_STARTING_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration TASKS_STARTING_POLL = Duration.ofMillis(250);
    private static final Pattern CHECKPOINT_DIRECTORY = Pattern.compile("chk-\\d+");
    private static final String METADATA_FILE = "_metadata";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration TASK_MANAGER_CHECK = Duration.ofSeconds(1);
    /**
     * Messages of the wrappers Flink and its connectors put around an operator's error: they say where it surfaced,
     * not what it was.
     */
    private static final List<String> FLINK_WRAPPERS = List.of(
            "Recovery is suppressed by",
            "One or more fetchers have encountered exception",
            "received unexpected exception while polling the records",
            "Could not forward element to next operator",
            "Failed to deserialize consumer record due to",
            "Job execution failed");

    private static final int MAX_CONTEXT_CHARS = 400;

    private final Configuration sessionConfiguration;
    private final RestClusterClient<StandaloneClusterId> client;

    @Nullable
    private final MiniCluster miniCluster;

    @Nullable
    private final TaskManagerWatch taskManagerWatch;

    private FlinkCluster(
            Configuration sessionConfiguration,
            RestClusterClient<StandaloneClusterId> client,
            @Nullable MiniCluster miniCluster) {
        this.sessionConfiguration = sessionConfiguration;
        this.client = client;
        this.miniCluster = miniCluster;
        this.taskManagerWatch = miniCluster == null ? null : TaskManagerWatch.start(miniCluster, TASK_MANAGER_CHECK);
    }

    /**
     * Starts a MiniCluster in this JVM with one TaskManager of the given slots. Everything it listens on (its REST
     * endpoint, its blob server, any RPC or data port) is bound to loopback, so nothing off this host reaches the
     * cluster's control plane; its REST endpoint takes a free port and accepts no jar uploads.
     */
    public static FlinkCluster startEmbedded(Configuration flinkConfiguration, int taskSlots) throws Exception {
        requireNonNull(flinkConfiguration, "flinkConfiguration is null");
        Configuration clusterConfiguration = new Configuration(flinkConfiguration);
        clusterConfiguration.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        clusterConfiguration.set(RestOptions.ADDRESS, LOOPBACK);
        clusterConfiguration.set(RestOptions.PORT, 0);
        // The blob server binds to the JobManager's bind host, which is every interface unless set; the TaskManager's
        // ports (data exchange, with more than one TaskManager) to its own.
        clusterConfiguration.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        clusterConfiguration.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        clusterConfiguration.set(TaskManagerOptions.HOST, LOOPBACK);
        // Jobs come from Sluice's pipeline only. Cancelling stays on: Sluice stops jobs through this REST API.
        clusterConfiguration.set(WebOptions.SUBMIT_ENABLE, false);
        clusterConfiguration.set(WebOptions.RESCALE_ENABLE, false);
        clusterConfiguration.set(TaskManagerOptions.NUM_TASK_SLOTS, taskSlots);
        MiniCluster miniCluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConfiguration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(taskSlots)
                .setCommonBindAddress(LOOPBACK)
                .build());
        try {
            miniCluster.start();
            URI restAddress = miniCluster.getRestAddress().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Configuration sessionConfiguration =
                    remoteSession(flinkConfiguration, restAddress.getHost(), restAddress.getPort());
            LOG.info("Embedded Flink cluster started with {} task slots at {}", taskSlots, restAddress);
            return new FlinkCluster(
                    sessionConfiguration,
                    new RestClusterClient<>(sessionConfiguration, StandaloneClusterId.getInstance()),
                    miniCluster);
        } catch (Exception e) {
            miniCluster.close();
            throw e;
        }
    }

    /**
     * An existing Flink session cluster whose JobManager serves REST at {@code host:port}. Nothing is started, and
     * {@link #close()} leaves its jobs running. Fails unless the cluster answers, so a wrong address stops the
     * gateway's start with a message saying where it looked.
     */
    public static FlinkCluster connectRemote(Configuration flinkConfiguration, String host, int port) throws Exception {
        requireNonNull(flinkConfiguration, "flinkConfiguration is null");
        requireNonNull(host, "host is null");
        Configuration sessionConfiguration = remoteSession(flinkConfiguration, host, port);
        RestClusterClient<StandaloneClusterId> client =
                new RestClusterClient<>(sessionConfiguration, StandaloneClusterId.getInstance());
        try {
            client.listJobs().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            client.close();
            String why = e instanceof TimeoutException
                    ? "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s"
                    : String.valueOf(
                            (e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e).getMessage());
            throw new IllegalStateException(
                    "The remote Flink cluster at http://" + host + ":" + port
                            + " does not answer (sluice.flink.rest-address, sluice.flink.rest-port): " + why,
                    e);
        }
        LOG.info("Using the remote Flink session cluster at {}", client.getWebInterfaceURL());
        return new FlinkCluster(sessionConfiguration, client, null);
    }

    /** What a session needs to submit to a session cluster's REST endpoint, the embedded one's included. */
    private static Configuration remoteSession(Configuration flinkConfiguration, String host, int port) {
        Configuration sessionConfiguration = new Configuration(flinkConfiguration);
        sessionConfiguration.set(DeploymentOptions.TARGET, "remote");
        sessionConfiguration.set(DeploymentOptions.ATTACHED, true);
        sessionConfiguration.set(RestOptions.ADDRESS, host);
        sessionConfiguration.set(RestOptions.PORT, port);
        return sessionConfiguration;
    }

    @Override
    public Configuration sessionConfiguration() {
        return new Configuration(sessionConfiguration);
    }

    public String webUrl() {
        return client.getWebInterfaceURL();
    }

    @Override
    public Map<JobID, ClusterJob> jobs() throws Exception {
        Map<JobID, ClusterJob> jobs = new HashMap<>();
        for (JobDetails job : client.sendRequest(
                        JobsOverviewHeaders.getInstance(),
                        EmptyMessageParameters.getInstance(),
                        EmptyRequestBody.getInstance())
                .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getJobs()) {
            int[] tasksPerState = job.getTasksPerState();
            jobs.put(
                    job.getJobId(),
                    new ClusterJob(
                            job.getStatus(),
                            job.getNumTasks(),
                            tasksPerState[ExecutionState.RUNNING.ordinal()]
                                    + tasksPerState[ExecutionState.FINISHED.ordinal()],
                            tasksPerState[ExecutionState.CREATED.ordinal()]
                                    + tasksPerState[ExecutionState.SCHEDULED.ordinal()]));
        }
        return jobs;
    }

    @Override
    public ClusterSlots slots() throws Exception {
        ClusterOverviewWithVersion overview =
                client.getClusterOverview().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return new ClusterSlots(overview.getNumSlotsTotal(), overview.getNumSlotsAvailable());
    }

    @Override
    public Optional<String> failureCause(JobID jobId) {
        try {
            return client.requestJobResult(jobId)
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getSerializedThrowable()
                    .map(FlinkCluster::describeFailure);
        } catch (Exception e) {
            LOG.warn("Could not read why job {} failed", jobId, e);
            return Optional.empty();
        }
    }

    /**
     * The failure's root cause in one line, after the message of the operator-level error that wrapped it. The top of
     * the chain is Flink's restart wrapper ("Recovery is suppressed by ..."), which names neither the operator's error
     * nor the record that caused it, and a status message carries no stack trace. The root alone ("Unexpected
     * end-of-input") would drop the record a format's error names ("Failed to deserialize JSON '...'"), so the nearest
     * cause below the top that is not one of Flink's own wrappers (the operator's error) comes first.
     */
    static String describeFailure(Throwable failure) {
        List<String> messages = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                messages.add(firstLine(cause.getMessage()));
            }
        }
        if (messages.isEmpty()) {
            return firstLine(failure.toString());
        }
        String root = messages.get(messages.size() - 1);
        // The top of the chain is the job-level wrapper: never the context, even when Flink's wording changes.
        for (int i = 1; i < messages.size() - 1; i++) {
            String context = messages.get(i);
            if (!context.contains(root) && FLINK_WRAPPERS.stream().noneMatch(context::contains)) {
                return abbreviate(context) + " Caused by: " + root;
            }
        }
        return root;
    }

    private static String firstLine(String message) {
        return message.strip().lines().findFirst().orElse(message);
    }

    /** A format's error quotes the whole record, which may be large: the status message keeps its start. */
    private static String abbreviate(String message) {
        return message.length() <= MAX_CONTEXT_CHARS ? message : message.substring(0, MAX_CONTEXT_CHARS) + "…";
    }

    @Override
    public void cancel(JobID jobId) throws Exception {
        client.cancel(jobId).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String stopWithSavepoint(JobID jobId, boolean drain) throws Exception {
        // A job resumed a moment ago is RUNNING before all its tasks are: its savepoint cannot be triggered yet, so the
        // stop is tried again until they run rather than failing a request the user made in good time.
        long deadline = System.nanoTime() + TASKS_STARTING_TIMEOUT.toNanos();
        while (true) {
            try {
                // The directory sessions write to, which the gateway reads: a remote cluster's own default would be
                // elsewhere (or unset). Without one, the cluster's execution.checkpointing.savepoint-dir decides.
                return client.stopWithSavepoint(
                                jobId,
                                drain,
                                sessionConfiguration.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
                                SavepointFormatType.CANONICAL)
                        .get(SAVEPOINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!tasksStillStarting(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("Tasks of job {} are still starting; trying the stop with a savepoint again", jobId);
                Thread.sleep(TASKS_STARTING_POLL.toMillis());
            }
        }
    }

    /** Flink refused the savepoint because not all of the job's tasks run yet (by its reason, or its text over REST). */
    static boolean tasksStillStarting(Throwable failure) {
        String reason = CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING.message();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof CheckpointException checkpoint
                    && checkpoint.getCheckpointFailureReason()
                            == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING) {
                return true;
            }
            if (cause.getMessage() != null && cause.getMessage().contains(reason)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<String> latestRetainedCheckpoint(JobID jobId) {
        String checkpoints = sessionConfiguration.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        if (checkpoints == null) {
            return Optional.empty();
        }
        org.apache.flink.core.fs.Path jobDirectory =
                new org.apache.flink.core.fs.Path(checkpoints, jobId.toHexString());
        try {
            FileSystem fileSystem = jobDirectory.getFileSystem();
            FileStatus[] entries = fileSystem.exists(jobDirectory) ? fileSystem.listStatus(jobDirectory) : null;
            if (entries == null) {
                return Optional.empty();
            }
            // A chk-N directory without _metadata is a checkpoint that was still being written.
            return Arrays.stream(entries)
                    .map(FileStatus::getPath)
                    .filter(path -> CHECKPOINT_DIRECTORY.matcher(path.getName()).matches())
                    .filter(this::isRestorable)
                    .max(Comparator.comparingLong(
                            path -> Long.parseLong(path.getName().substring("chk-".length()))))
                    .map(path -> path.toUri().toString());
        } catch (IOException e) {
            LOG.warn("Could not list the checkpoints of job {} under {}", jobId, jobDirectory, e);
            return Optional.empty();
        }
    }

    @Override
    public boolean isRestorable(String path) {
        try {
            return isRestorable(new org.apache.flink.core.fs.Path(path));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean isRestorable(org.apache.flink.core.fs.Path path) {
        try {
            org.apache.flink.core.fs.Path metadata = path.getName().equals(METADATA_FILE)
                    ? path
                    : new org.apache.flink.core.fs.Path(path, METADATA_FILE);
            return metadata.getFileSystem().exists(metadata);
        } catch (IOException e) {
            LOG.warn("Could not check savepoint {}", path, e);
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (taskManagerWatch != null) {
            taskManagerWatch.close();
        }
        client.close();
        if (miniCluster != null) {
            // Closing the MiniCluster cancels whatever still runs on it.
            miniCluster.close();
        }
    }
}
