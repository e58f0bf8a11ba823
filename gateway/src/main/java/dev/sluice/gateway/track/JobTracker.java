package dev.sluice.gateway.track;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.execute.FlinkCluster;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.store.JobRepository;
import dev.sluice.gateway.store.JobStatus;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final Set<JobStatus> ACTIVE = EnumSet.of(JobStatus.SUBMITTED, JobStatus.RUNNING);

    private final JobRepository repository;
    private final FlinkCluster cluster;
    private final Duration pollInterval;
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sluice-job-tracker");
                thread.setDaemon(true);
                return thread;
            });

    public JobTracker(JobRepository repository, FlinkCluster cluster, Duration pollInterval) {
        this.repository = requireNonNull(repository, "repository is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    }

    /** Reconciles the records with the cluster once, then keeps doing so every poll interval. */
    public void start() {
        refresh();
        poller.scheduleWithFixedDelay(
                this::refreshQuietly, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records a job that started, as the tenant's of the token whose session submitted it. */
    public JobRecord submitted(String id, Principal owner, String sessionId, String statement, JobID flinkJobId) {
        Instant now = Instant.now();
        JobRecord record = new JobRecord(
                id, owner.tenant(), owner.tokenId(), sessionId, statement, flinkJobId.toHexString(), JobStatus.RUNNING, null, now, now);
        repository.insert(record);
        LOG.info("Job {} started as Flink job {}", id, flinkJobId);
        return record;
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

    /** The records the caller may see (an analyst: their tenant's), newest first, after a refresh of the active ones. */
    public List<JobRecord> list(Principal caller) {
        refresh();
        return caller.isAdmin() ? repository.list() : repository.listByTenant(caller.tenant());
    }

    /** Cancels the job on the cluster and records it as canceled. Stopping a job that has ended changes nothing. */
    public JobRecord stop(String id, Principal caller) {
        // Another tenant's job is missing, not forbidden, so job ids say nothing about other tenants.
        JobRecord record = repository.find(id)
                .filter(job -> caller.canSee(job.tenant()))
                .orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND, "No job with id " + id + "."));
        if (!ACTIVE.contains(record.status()) || record.flinkJobId() == null) {
            return record;
        }
        try {
            cluster.cancel(JobID.fromHexString(record.flinkJobId()));
        } catch (Exception e) {
            throw new GatewayException(
                    ErrorCode.CLUSTER_UNAVAILABLE,
                    "The cluster did not cancel job " + id + ": " + e.getMessage(),
                    null,
                    null,
                    "Try again; if the job has ended meanwhile, its status says so.",
                    e);
        }
        repository.updateStatus(id, JobStatus.CANCELED, "Stopped on request.");
        return repository.find(id).orElseThrow();
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
            if (record.flinkJobId() == null) {
                continue;
            }
            JobID flinkJobId = JobID.fromHexString(record.flinkJobId());
            org.apache.flink.api.common.JobStatus flinkStatus = onCluster.get(flinkJobId);
            if (flinkStatus == null) {
                repository.updateStatus(
                        record.id(), JobStatus.LOST, "The cluster no longer knows this job (the gateway restarted).");
                continue;
            }
            JobStatus status = statusOf(flinkStatus);
            if (status != record.status()) {
                String message = status == JobStatus.FAILED ? cluster.failureCause(flinkJobId).orElse(null) : null;
                repository.updateStatus(record.id(), status, message);
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
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
