package dev.sluice.gateway.track;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.execute.ClusterJob;
import dev.sluice.gateway.execute.JobCluster;
import dev.sluice.gateway.store.JobEstimateRepository;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.store.JobRepository;
import dev.sluice.gateway.store.JobSavepoint;
import dev.sluice.gateway.store.JobStatus;
import dev.sluice.gateway.store.JobStatusChange;
import dev.sluice.gateway.store.StoreException;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the durable job records in step with the cluster: records each job a statement starts, brings its status
 * up to date on a timer, and stops jobs on request. A job is {@link JobStatus#RUNNING} only while every task of it
 * runs; while some wait for slots, deploy or restart it is {@link JobStatus#SCHEDULING}. A record whose job the cluster
 * no longer knows (the embedded cluster after a gateway restart) is marked {@link JobStatus#LOST}, never silently
 * dropped.
 */
public final class JobTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);
    /**
     * How long recording a job that has just started waits for its tasks to get slots, so that its first status says
     * whether they run: admission made sure there are slots, so they normally have them within a second.
     */
    private static final Duration SLOTS_WAIT = Duration.ofSeconds(5);
    /** How long it waits for tasks that have their slots to be deployed and initialized (restoring state takes time). */
    private static final Duration TASKS_DEPLOYING = Duration.ofSeconds(60);

    private static final Duration TASKS_POLL = Duration.ofMillis(100);

    private final JobRepository repository;
    private final JobEstimateRepository estimates;
    private final FlinkMetricsReader metricsReader;
    private final JobCluster cluster;
    // Jobs being stopped: the poller leaves them alone, or it could record Flink's FINISHED before Sluice's STOPPED.
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private final Duration pollInterval;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sluice-job-tracker");
        thread.setDaemon(true);
        return thread;
    });
    // Set while this gateway follows the cluster on a timer (it holds the job-tracking lease).
    private ScheduledFuture<?> polling;
    // Whether this gateway tracks the jobs (it holds the job-tracking lease, and has reconciled them): only then does a
    // refresh call a job the cluster does not know LOST. Until then reconciling may still resume it.
    private volatile boolean tracking;

    public JobTracker(
            JobRepository repository,
            JobEstimateRepository estimates,
            JobCluster cluster,
            FlinkMetricsReader metricsReader,
            Duration pollInterval) {
        this.metricsReader = requireNonNull(metricsReader, "metricsReader is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.estimates = requireNonNull(estimates, "estimates is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    }

    /**
     * Reconciles the records with the cluster once, then keeps doing so every poll interval, until {@link
     * #stopPolling()}: what the gateway holding the job-tracking lease does. Call it after {@link
     * JobLifecycle#reconcile()}, which resumes what the cluster lost before this marks it LOST.
     */
    public synchronized void startPolling() {
        if (polling != null) {
            return;
        }
        tracking = true;
        refresh();
        polling = poller.scheduleWithFixedDelay(
                this::refreshQuietly, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops following the cluster on a timer; reads still bring the records they read up to date. */
    public synchronized void stopPolling() {
        tracking = false;
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    /**
     * Records a job that started, as the tenant's of the token whose session submitted it.
     *
     * @param name what the job is called (see {@link JobRecord#name()})
     * @param estimate the estimate the job was admitted with, kept with its record
     */
    public JobRecord submitted(
            String id,
            Principal owner,
            String sessionId,
            String statement,
            @Nullable String name,
            JobID flinkJobId,
            Optional<Estimate> estimate) {
        Placement placement = awaitTasks(flinkJobId);
        Instant now = Instant.now();
        JobRecord record = new JobRecord(
                id,
                owner.tenant(),
                owner.tokenId(),
                sessionId,
                statement,
                flinkJobId.toHexString(),
                placement.status(),
                placement.message(),
                now,
                now,
                name);
        repository.insert(record);
        estimate.ifPresent(admitted -> estimates.insert(id, admitted));
        LOG.info("Job {} started as Flink job {} ({})", id, flinkJobId, placement.status());
        return record;
    }

    /**
     * Cancels a Flink job that started but whose record could not be written ({@code failure}, which the caller
     * reports), so that nothing runs on the cluster that Sluice does not track.
     */
    public void cancelUnrecorded(JobID flinkJobId, Exception failure) {
        try {
            cluster.cancel(flinkJobId);
            LOG.warn("Cancelled Flink job {}: its record could not be written ({})", flinkJobId, failure.toString());
        } catch (Exception e) {
            failure.addSuppressed(e);
            LOG.error(
                    "Flink job {} runs without a record: it could not be written ({}), nor the job cancelled",
                    flinkJobId,
                    failure.toString(),
                    e);
        }
    }

    /** Records that the job now runs as a new Flink job, e.g. resumed from a savepoint. */
    public void resumed(Resumption resumption, JobID flinkJobId) {
        Placement placement = awaitTasks(flinkJobId);
        String reason =
                placement.message() == null ? resumption.reason() : resumption.reason() + " " + placement.message();
        repository.resumed(resumption.jobId(), flinkJobId.toHexString(), placement.status(), reason);
        LOG.info(
                "Job {} resumed as Flink job {} ({}): {}",
                resumption.jobId(),
                flinkJobId,
                placement.status(),
                resumption.reason());
    }

    /** A status to record for a job on the cluster, and why, when the status alone does not say it. */
    private record Placement(JobStatus status, String message) {}

    /**
     * Waits for a job that has just been submitted to have all its tasks running: while tasks wait for slots, a few
     * seconds; while they have their slots and are being deployed, up to a minute. A job whose tasks do not run by then
     * is SCHEDULING; one that has ended already is recorded RUNNING, and its end by the next refresh.
     */
    private Placement awaitTasks(JobID flinkJobId) {
        long start = System.nanoTime();
        Placement placement = new Placement(JobStatus.SCHEDULING, "Submitted; its tasks are being scheduled.");
        while (true) {
            boolean waitingForSlots = true;
            try {
                ClusterJob job = cluster.jobs().get(flinkJobId);
                if (job != null) {
                    if (job.allTasksRunning() || job.status().isGloballyTerminalState()) {
                        return new Placement(JobStatus.RUNNING, null);
                    }
                    placement = scheduling(job);
                    waitingForSlots = !job.hasAllSlots();
                }
            } catch (Exception e) {
                LOG.debug("Could not read the tasks of Flink job {} yet", flinkJobId, e);
            }
            long waited = System.nanoTime() - start;
            if (waited > TASKS_DEPLOYING.toNanos() || (waitingForSlots && waited > SLOTS_WAIT.toNanos())) {
                return placement;
            }
            try {
                Thread.sleep(TASKS_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return placement;
            }
        }
    }

    /** Records a job statement whose job never started, so the caller can still look up why. */
    public JobRecord failedToSubmit(
            String id, Principal owner, String sessionId, String statement, @Nullable String name, String reason) {
        Instant now = Instant.now();
        JobRecord record = new JobRecord(
                id,
                owner.tenant(),
                owner.tokenId(),
                sessionId,
                statement,
                null,
                JobStatus.FAILED,
                reason,
                now,
                now,
                name);
        repository.insert(record);
        return record;
    }

    /** The job's record if the caller may see it, brought up to date with the cluster first. */
    public Optional<JobRecord> find(String id, Principal caller) {
        return find(id).filter(job -> caller.canSee(job.tenant()));
    }

    /** The job's record, brought up to date with the cluster first, so a caller never reads a stale status. */
    public Optional<JobRecord> find(String id) {
        Optional<JobRecord> record = repository.find(id);
        if (record.isPresent() && JobStatus.ACTIVE.contains(record.get().status())) {
            refresh(List.of(record.get()));
            return repository.find(id);
        }
        return record;
    }

    /** The estimate the job was admitted with; none for jobs started before estimates were kept. */
    public Optional<Estimate> estimate(String id) {
        return estimates.find(id);
    }

    /** What Flink measures of the job now; empty if it has no Flink job or the cluster does not answer. */
    public Optional<JobMetrics> metrics(JobRecord record) {
        if (record.flinkJobId() == null || !JobStatus.ACTIVE.contains(record.status())) {
            return Optional.empty();
        }
        return metricsReader.read(record.flinkJobId());
    }

    /**
     * The job's graph of tasks as the cluster runs it, or ran it last: also after it stopped, while the cluster still
     * keeps the ended job (Flink's {@code jobstore.expiration-time}).
     */
    public JobPlan plan(JobRecord record) {
        if (record.flinkJobId() == null) {
            throw new GatewayException(
                    ErrorCode.CONFLICT,
                    "Job " + record.id() + " never started on the cluster, so it has no plan.",
                    null,
                    null,
                    "Its status message says why it did not start.",
                    null);
        }
        Optional<JobPlan> plan;
        try {
            plan = metricsReader.plan(record.flinkJobId());
        } catch (IOException e) {
            throw clusterFailure(record, "show the plan of", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw clusterFailure(record, "show the plan of", e);
        }
        return plan.orElseThrow(() -> new GatewayException(
                ErrorCode.CONFLICT,
                "The cluster no longer knows Flink job " + record.flinkJobId() + " of job " + record.id()
                        + ", so its plan is gone.",
                null,
                null,
                "Resume the job to run it again; its new Flink job has a plan.",
                null));
    }

    /** The records the caller may see (an analyst: their tenant's), newest first, after a refresh of the active ones. */
    public List<JobRecord> list(Principal caller) {
        refresh();
        return caller.isAdmin() ? repository.list() : repository.listByTenant(caller.tenant());
    }

    /** The job's transitions, oldest first. */
    public List<JobStatusChange> history(String id) {
        return repository.history(id);
    }

    /** The savepoints and checkpoints the job can be resumed from, oldest first. */
    public List<JobSavepoint> savepoints(String id) {
        return repository.savepoints(id);
    }

    /**
     * Cancels the job on the cluster and records it as canceled, with its latest retained checkpoint so it can be
     * resumed. Stopping a job that has ended changes nothing.
     */
    public JobRecord stop(String id, Principal caller) {
        JobRecord record = require(id, caller);
        if (!JobStatus.ACTIVE.contains(record.status()) || record.flinkJobId() == null || !stopping.add(id)) {
            return record;
        }
        JobID flinkJobId = JobID.fromHexString(record.flinkJobId());
        try {
            cluster.cancel(flinkJobId);
            cluster.latestRetainedCheckpoint(flinkJobId)
                    .ifPresent(path -> repository.addSavepoint(
                            id,
                            new JobSavepoint(
                                    path,
                                    JobSavepoint.Kind.CHECKPOINT,
                                    JobSavepoint.CANCEL,
                                    record.flinkJobId(),
                                    Instant.now())));
            repository.updateStatus(id, JobStatus.CANCELED, "Stopped on request.");
        } catch (Exception e) {
            return endedMeanwhileOr(record, "cancel", e);
        } finally {
            stopping.remove(id);
        }
        return repository.find(id).orElseThrow();
    }

    /**
     * Stops the job with a savepoint, records the savepoint and the job as {@link JobStatus#STOPPED}, so that it can
     * be resumed from there.
     *
     * @param drain fire every window and timer first, as for a final stop
     */
    public JobRecord stopWithSavepoint(String id, Principal caller, boolean drain) {
        JobRecord record = require(id, caller);
        if (!JobStatus.ACTIVE.contains(record.status()) || record.flinkJobId() == null || !stopping.add(id)) {
            throw new GatewayException(
                    ErrorCode.CONFLICT,
                    "Job " + id + " is " + record.status() + ", not running: there is nothing to take a savepoint of.",
                    null,
                    null,
                    "Resume it with POST /api/v1/jobs/" + id + ":resume; its savepoints are listed by GET /api/v1/jobs/"
                            + id + ".",
                    null);
        }
        try {
            String path = cluster.stopWithSavepoint(JobID.fromHexString(record.flinkJobId()), drain);
            repository.addSavepoint(
                    id,
                    new JobSavepoint(
                            path, JobSavepoint.Kind.SAVEPOINT, JobSavepoint.STOP, record.flinkJobId(), Instant.now()));
            repository.updateStatus(
                    id,
                    JobStatus.STOPPED,
                    "Stopped with savepoint " + path + (drain ? " after draining" : "") + " on request.");
            LOG.info("Job {} stopped with savepoint {}", id, path);
        } catch (Exception e) {
            throw clusterFailure(record, "stop with a savepoint", e);
        } finally {
            stopping.remove(id);
        }
        return repository.find(id).orElseThrow();
    }

    /** Records why a job the cluster lost could not be resumed. */
    void lost(String id, String reason) {
        repository.updateStatus(id, JobStatus.LOST, reason);
    }

    /** Records a savepoint or checkpoint found for the job, e.g. the one it is about to be resumed from. */
    void recordSavepoint(String id, JobSavepoint savepoint) {
        repository.addSavepoint(id, savepoint);
    }

    /** Records that the job was found still on the cluster after a restart. */
    void reattached(String id, ClusterJob job) {
        String reason = "Re-attached: still running on the cluster after the gateway restarted.";
        repository.updateStatus(id, job.allTasksRunning() ? JobStatus.RUNNING : JobStatus.SCHEDULING, reason);
    }

    /** The job's record if the caller may see it; another tenant's job is NOT_FOUND, so ids say nothing of others. */
    public JobRecord require(String id, Principal caller) {
        return repository.find(id).filter(job -> caller.canSee(job.tenant())).orElseThrow(() -> notFound(id));
    }

    /** The job's record, or NOT_FOUND. */
    JobRecord require(String id) {
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(
                ErrorCode.NOT_FOUND,
                "No job with id " + id + ".",
                null,
                null,
                "GET /api/v1/jobs lists the jobs there are.",
                null);
    }

    /** The job's record if it ended between reading its record and the cluster call (then it needs no stop). */
    private JobRecord endedMeanwhileOr(JobRecord record, String action, Exception e) {
        stopping.remove(record.id());
        refresh(List.of(record));
        JobRecord now = repository.find(record.id()).orElseThrow();
        if (!JobStatus.ACTIVE.contains(now.status())) {
            return now;
        }
        throw clusterFailure(record, action, e);
    }

    private static GatewayException clusterFailure(JobRecord record, String action, Exception e) {
        // The cluster's answer carries its stack trace: it goes to the log, not to the caller.
        LOG.warn("The cluster did not {} job {} (Flink job {})", action, record.id(), record.flinkJobId(), e);
        return new GatewayException(
                ErrorCode.CLUSTER_UNAVAILABLE,
                "The cluster did not " + action + " job " + record.id() + ".",
                null,
                null,
                "Try again; if the job has ended meanwhile, its status says so.",
                null);
    }

    /** The records of jobs that should be running. */
    List<JobRecord> active() {
        return repository.listByStatus(JobStatus.ACTIVE);
    }

    /** Brings every active record up to date with what the cluster says. */
    public void refresh() {
        refresh(repository.listByStatus(JobStatus.ACTIVE));
    }

    private synchronized void refresh(List<JobRecord> records) {
        Map<JobID, ClusterJob> onCluster;
        try {
            onCluster = cluster.jobs();
        } catch (InterruptedException e) {
            // The gateway is stopping: its poller is shut down mid-call, which is no fault to report.
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.warn("Could not list the cluster's jobs; job statuses stay as they are", e);
            return;
        }
        for (JobRecord record : records) {
            if (record.flinkJobId() == null || stopping.contains(record.id())) {
                continue;
            }
            JobID flinkJobId = JobID.fromHexString(record.flinkJobId());
            ClusterJob job = onCluster.get(flinkJobId);
            // Only if the record is still as read: a stop or resume may have recorded a newer status since.
            if (job == null) {
                if (tracking) {
                    repository.updateStatusIfUnchanged(
                            record, JobStatus.LOST, "The cluster no longer knows this job (the gateway restarted).");
                }
                continue;
            }
            Optional<Placement> now = placementOf(job);
            if (now.isPresent() && now.get().status() != record.status()) {
                String message = now.get().status() == JobStatus.FAILED
                        ? cluster.failureCause(flinkJobId).orElse(null)
                        : now.get().message();
                repository.updateStatusIfUnchanged(record, now.get().status(), message);
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (StoreException e) {
            // One line per poll: the store logs its fault with the details once. The jobs keep running, and their
            // records are brought up to date once the store works again.
            LOG.warn("Refreshing job statuses failed; will try again: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Refreshing job statuses failed; will try again", e);
        }
    }

    /** What to record of a job as the cluster reports it; empty while it is being cancelled or failing. */
    private static Optional<Placement> placementOf(ClusterJob job) {
        return switch (job.status()) {
            case FINISHED -> Optional.of(new Placement(JobStatus.FINISHED, null));
            case CANCELED -> Optional.of(new Placement(JobStatus.CANCELED, null));
            case FAILED -> Optional.of(new Placement(JobStatus.FAILED, null));
            // On their way to an end (or a restart) that the next refresh records.
            case CANCELLING, FAILING -> Optional.empty();
            default -> Optional.of(job.allTasksRunning() ? new Placement(JobStatus.RUNNING, null) : scheduling(job));
        };
    }

    private static Placement scheduling(ClusterJob job) {
        String tasks = job.runningTasks() + " of " + job.tasks() + " tasks run";
        return new Placement(
                JobStatus.SCHEDULING,
                switch (job.status()) {
                    case RESTARTING -> "Restarting after a failure; " + tasks + ".";
                    case RUNNING ->
                        job.waitingTasks() > 0
                                ? "Waiting for task slots: " + tasks + ", " + job.waitingTasks() + " wait for a slot."
                                : "Deploying: " + tasks + ", the others are being started.";
                    default -> "Being scheduled on the cluster (" + job.status() + ").";
                });
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
