package dev.sluice.gateway.track;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.execute.FlinkCluster;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.store.JobEstimateRepository;
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
    private final JobEstimateRepository estimates;
    private final FlinkMetricsReader metricsReader;
    private final FlinkCluster cluster;
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
            FlinkCluster cluster,
            FlinkMetricsReader metricsReader,
            Duration pollInterval) {
        this.metricsReader = requireNonNull(metricsReader, "metricsReader is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.estimates = requireNonNull(estimates, "estimates is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    }

    /** Reconciles the records with the cluster once, then keeps doing so every poll interval. */
    public void start() {
        refresh();
        poller.scheduleWithFixedDelay(
                this::refreshQuietly, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @param estimate the estimate the job was admitted with, kept with its record */
    public JobRecord submitted(String id, String sessionId, String statement, JobID flinkJobId, Optional<Estimate> estimate) {
        Instant now = Instant.now();
        JobRecord record =
                new JobRecord(id, sessionId, statement, flinkJobId.toHexString(), JobStatus.RUNNING, null, now, now);
        repository.insert(record);
        estimate.ifPresent(admitted -> estimates.insert(id, admitted));
        LOG.info("Job {} started as Flink job {}", id, flinkJobId);
        return record;
    }

    /** Records a job statement whose job never started, so the caller can still look up why. */
    public JobRecord failedToSubmit(String id, String sessionId, String statement, String reason) {
        Instant now = Instant.now();
        JobRecord record = new JobRecord(id, sessionId, statement, null, JobStatus.FAILED, reason, now, now);
        repository.insert(record);
        return record;
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

    /** Every record, newest first, after bringing the active ones up to date with the cluster. */
    public List<JobRecord> list() {
        refresh();
        return repository.list();
    }

    /** Cancels the job on the cluster and records it as canceled. Stopping a job that has ended changes nothing. */
    public JobRecord stop(String id) {
        JobRecord record =
                repository.find(id).orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND, "No job with id " + id + "."));
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
