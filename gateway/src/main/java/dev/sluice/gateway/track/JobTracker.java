package dev.sluice.gateway.track;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.execute.JobCluster;
import dev.sluice.gateway.store.JobEstimateRepository;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.store.JobRepository;
import dev.sluice.gateway.store.JobSavepoint;
import dev.sluice.gateway.store.JobStatusChange;
import dev.sluice.gateway.store.JobStatus;
import dev.sluice.gateway.store.StoreException;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the durable job records in step with the cluster: records each job a statement starts, brings its status
 * up to date on a timer, and stops jobs on request. A record whose job the cluster no longer knows (the embedded
 * cluster after a gateway restart) is marked {@link JobStatus#LOST}, never silently dropped.
 */
public final class JobTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);
    static final Set<JobStatus> ACTIVE = EnumSet.of(JobStatus.SUBMITTED, JobStatus.RUNNING);

    private final JobRepository repository;
    private final JobEstimateRepository estimates;
    private final FlinkMetricsReader metricsReader;
    private final JobCluster cluster;
    // Jobs being stopped: the poller leaves them alone, or it could record Flink's FINISHED before Sluice's STOPPED.
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private final Duration pollInterval;
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sluice-job-tracker");
                thread.setDaemon(true);
                return thread;
            });

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
     * Reconciles the records with the cluster once, then keeps doing so every poll interval. Call it after
     * {@link JobLifecycle#reconcile()}, which resumes what the cluster lost before this marks it LOST.
     */
    public void start() {
        refresh();
        poller.scheduleWithFixedDelay(
                this::refreshQuietly, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Records a job that started, as the tenant's of the token whose session submitted it.
     *
     * @param estimate the estimate the job was admitted with, kept with its record
     */
    public JobRecord submitted(
            String id, Principal owner, String sessionId, String statement, JobID flinkJobId, Optional<Estimate> estimate) {
        Instant now = Instant.now();
        JobRecord record = new JobRecord(
                id, owner.tenant(), owner.tokenId(), sessionId, statement, flinkJobId.toHexString(), JobStatus.RUNNING, null, now, now);
        repository.insert(record);
        estimate.ifPresent(admitted -> estimates.insert(id, admitted));
        LOG.info("Job {} started as Flink job {}", id, flinkJobId);
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
            LOG.error("Flink job {} runs without a record: it could not be written ({}), nor the job cancelled", flinkJobId,
                    failure.toString(), e);
        }
    }

    /** Records that the job now runs as a new Flink job, e.g. resumed from a savepoint. */
    public void resumed(Resumption resumption, JobID flinkJobId) {
        repository.resumed(resumption.jobId(), flinkJobId.toHexString(), resumption.reason());
        LOG.info("Job {} resumed as Flink job {}: {}", resumption.jobId(), flinkJobId, resumption.reason());
    }

    /** Records a job statement whose job never started, so the caller can still look up why. */
    public JobRecord failedToSubmit(String id, Principal owner, String sessionId, String statement, String reason) {
        Instant now = Instant.now();
        JobRecord record = new JobRecord(
                id, owner.tenant(), owner.tokenId(), sessionId, statement, null, JobStatus.FAILED, reason, now, now);
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
        if (record.isPresent() && ACTIVE.contains(record.get().status())) {
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
        if (record.flinkJobId() == null || !ACTIVE.contains(record.status())) {
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
            throw new GatewayException(ErrorCode.CONFLICT, "Job " + record.id() + " never started on the cluster, so it has no plan.",
                    null, null, "Its status message says why it did not start.", null);
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
        return plan.orElseThrow(() -> new GatewayException(ErrorCode.CONFLICT,
                "The cluster no longer knows Flink job " + record.flinkJobId() + " of job " + record.id() + ", so its plan is gone.",
                null, null, "Resume the job to run it again; its new Flink job has a plan.", null));
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
        if (!ACTIVE.contains(record.status()) || record.flinkJobId() == null || !stopping.add(id)) {
            return record;
        }
        JobID flinkJobId = JobID.fromHexString(record.flinkJobId());
        try {
            cluster.cancel(flinkJobId);
            cluster.latestRetainedCheckpoint(flinkJobId).ifPresent(path -> repository.addSavepoint(id,
                    new JobSavepoint(path, JobSavepoint.Kind.CHECKPOINT, JobSavepoint.CANCEL, record.flinkJobId(), Instant.now())));
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
        if (!ACTIVE.contains(record.status()) || record.flinkJobId() == null || !stopping.add(id)) {
            throw new GatewayException(ErrorCode.CONFLICT, "Job " + id + " is " + record.status() + ", not running: there is nothing to take a savepoint of.",
                    null, null, "Resume it with POST /api/v1/jobs/" + id + ":resume; its savepoints are listed by GET /api/v1/jobs/" + id + ".", null);
        }
        try {
            String path = cluster.stopWithSavepoint(JobID.fromHexString(record.flinkJobId()), drain);
            repository.addSavepoint(id, new JobSavepoint(path, JobSavepoint.Kind.SAVEPOINT, JobSavepoint.STOP, record.flinkJobId(), Instant.now()));
            repository.updateStatus(id, JobStatus.STOPPED, "Stopped with savepoint " + path + (drain ? " after draining" : "") + " on request.");
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

    /** Records that the running job was found still running on the cluster after a restart. */
    void reattached(String id) {
        repository.updateStatus(id, JobStatus.RUNNING, "Re-attached: still running on the cluster after the gateway restarted.");
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
        return new GatewayException(ErrorCode.NOT_FOUND, "No job with id " + id + ".",
                null, null, "GET /api/v1/jobs lists the jobs there are.", null);
    }

    /** The job's record if it ended between reading its record and the cluster call (then it needs no stop). */
    private JobRecord endedMeanwhileOr(JobRecord record, String action, Exception e) {
        stopping.remove(record.id());
        refresh(List.of(record));
        JobRecord now = repository.find(record.id()).orElseThrow();
        if (!ACTIVE.contains(now.status())) {
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
        return repository.listByStatus(ACTIVE);
    }

    /** Brings every active record up to date with what the cluster says. */
    public void refresh() {
        refresh(repository.listByStatus(ACTIVE));
    }

    private synchronized void refresh(List<JobRecord> records) {
        Map<JobID, org.apache.flink.api.common.JobStatus> onCluster;
        try {
            onCluster = cluster.jobStatuses();
        } catch (Exception e) {
            LOG.warn("Could not list the cluster's jobs; job statuses stay as they are", e);
            return;
        }
        for (JobRecord record : records) {
            if (record.flinkJobId() == null || stopping.contains(record.id())) {
                continue;
            }
            JobID flinkJobId = JobID.fromHexString(record.flinkJobId());
            org.apache.flink.api.common.JobStatus flinkStatus = onCluster.get(flinkJobId);
            // Only if the record is still as read: a stop or resume may have recorded a newer status since.
            if (flinkStatus == null) {
                repository.updateStatusIfUnchanged(
                        record, JobStatus.LOST, "The cluster no longer knows this job (the gateway restarted).");
                continue;
            }
            JobStatus status = statusOf(flinkStatus);
            if (status != record.status()) {
                String message = status == JobStatus.FAILED ? cluster.failureCause(flinkJobId).orElse(null) : null;
                repository.updateStatusIfUnchanged(record, status, message);
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

    private static JobStatus statusOf(org.apache.flink.api.common.JobStatus flinkStatus) {
        return switch (flinkStatus) {
            case FINISHED -> JobStatus.FINISHED;
            case CANCELED -> JobStatus.CANCELED;
            case FAILED -> JobStatus.FAILED;
            default -> JobStatus.RUNNING;
        };
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
