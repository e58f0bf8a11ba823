package dev.sluice.gateway.track;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.execute.ClusterJob;
import dev.sluice.gateway.execute.JobCluster;
import dev.sluice.gateway.execute.StoragePath;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.store.JobSavepoint;
import dev.sluice.gateway.store.JobStatus;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Starting recorded jobs again: on request, from a savepoint (the latest, or an older one to rewind) or from Kafka
 * offsets at a timestamp; and after a gateway restart, every job that was running: re-attached if the cluster still
 * runs it, else resumed from its latest checkpoint or savepoint, else marked LOST with the reason.
 */
public final class JobLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(JobLifecycle.class);
    private static final String RESUME = "resume";

    private final JobTracker tracker;
    private final JobCluster cluster;
    private final JobSubmitter submitter;

    public JobLifecycle(JobTracker tracker, JobCluster cluster, JobSubmitter submitter) {
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.submitter = requireNonNull(submitter, "submitter is null");
    }

    /**
     * Resumes a job that is not running, as a new Flink job under the same record.
     *
     * @param savepoint where to restore from, one of the savepoints or checkpoints recorded for this job; {@code null} for
     *     the latest
     * @param ignoreUnclaimedState let the job start even if the savepoint holds state no operator claims
     * @param startFrom restate instead: no savepoint, Kafka sources start at this time
     */
    public JobRecord resume(
            String id, @Nullable String savepoint, boolean ignoreUnclaimedState, @Nullable Instant startFrom) {
        JobRecord record = tracker.require(id);
        if (JobStatus.ACTIVE.contains(record.status())) {
            throw new GatewayException(
                    ErrorCode.CONFLICT,
                    "Job " + id + " is " + record.status()
                            + "; only a stopped, canceled, failed or lost job can be resumed.",
                    null,
                    null,
                    "Stop it first with POST /api/v1/jobs/" + id + ":stop and {\"savepoint\": true}.",
                    null);
        }
        if (startFrom != null) {
            if (savepoint != null) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "savepoint",
                        "A restatement starts from the Kafka offsets at the timestamp with empty state, so it takes no savepoint.",
                        "Send either savepoint or startFromTimestamp.");
            }
            submitter.resubmit(
                    new Resumption(id, record.owner(), "Restated from Kafka offsets at " + startFrom + " on request."),
                    record.statement(),
                    Map.of(),
                    (sql, tables) -> new TimestampRestatement(tables, startFrom.toEpochMilli()).rewrite(sql));
            return tracker.require(id);
        }
        JobSavepoint from;
        if (savepoint == null) {
            from = latestRestorePoint(record, RESUME)
                    .orElseThrow(() -> new GatewayException(
                            ErrorCode.CONFLICT,
                            "Job " + id + " has no savepoint and no retained checkpoint to resume from.",
                            null,
                            null,
                            "Submit its SQL again with POST /api/v1/statements to start over.",
                            null));
        } else if (isOwnState(id, savepoint) && cluster.isRestorable(savepoint)) {
            from = new JobSavepoint(
                    savepoint,
                    JobSavepoint.Kind.SAVEPOINT,
                    RESUME,
                    record.flinkJobId() == null ? "" : record.flinkJobId(),
                    Instant.now());
        } else {
            // One answer for both, so it says nothing about another job's state at that path.
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "savepoint",
                    "There is no complete savepoint or checkpoint of job " + id + " at '" + savepoint
                            + "' (none recorded for it" + " there, or no _metadata there).",
                    "GET /api/v1/jobs/" + id + " lists the job's savepoints; leave savepoint out to use the latest.");
        }
        restoreFrom(record, from, ignoreUnclaimedState, " on request.");
        return tracker.require(id);
    }

    /**
     * After a gateway restart, before the tracker's first refresh: every job recorded as running is re-attached if
     * the cluster still runs it, resumed from its latest checkpoint or savepoint if the cluster lost it (the
     * embedded cluster always does), or marked LOST with the reason.
     */
    public void reconcile() {
        Map<JobID, ClusterJob> onCluster;
        try {
            onCluster = cluster.jobs();
        } catch (Exception e) {
            LOG.warn("Could not list the cluster's jobs; jobs are reconciled by the tracker later", e);
            return;
        }
        for (JobRecord record : tracker.active()) {
            if (record.flinkJobId() == null) {
                continue;
            }
            ClusterJob job = onCluster.get(JobID.fromHexString(record.flinkJobId()));
            if (job != null) {
                if (!job.status().isGloballyTerminalState()) {
                    tracker.reattached(record.id(), job);
                }
                // A job that ended meanwhile gets its final status from the tracker's refresh.
                continue;
            }
            Optional<JobSavepoint> from = latestRestorePoint(record, JobSavepoint.RECONCILE);
            if (from.isEmpty()) {
                tracker.lost(
                        record.id(),
                        "Not resumed after the gateway restarted: no checkpoint was taken before the"
                                + " gateway stopped, and the job has no savepoint.");
                continue;
            }
            try {
                restoreFrom(record, from.get(), false, " after the gateway restarted.");
            } catch (RuntimeException e) {
                LOG.warn(
                        "Job {} could not be resumed from {}",
                        record.id(),
                        from.get().path(),
                        e);
                tracker.lost(
                        record.id(),
                        "Not resumed after the gateway restarted: resuming from "
                                + from.get().path() + " failed: " + e.getMessage());
            }
        }
    }

    /** Whether the path is (or is inside) a savepoint or checkpoint recorded for the job: a job resumes from its own state only. */
    private boolean isOwnState(String id, String path) {
        Optional<StoragePath> asked = StoragePath.parse(path);
        return asked.isPresent()
                && tracker.savepoints(id).stream()
                        .map(recorded -> StoragePath.parse(recorded.path()))
                        .flatMap(Optional::stream)
                        .anyMatch(asked.get()::isUnder);
    }

    private void restoreFrom(JobRecord record, JobSavepoint from, boolean ignoreUnclaimedState, String occasion) {
        Map<String, String> options = new HashMap<>();
        options.put(StateRecoveryOptions.SAVEPOINT_PATH.key(), from.path());
        if (ignoreUnclaimedState) {
            options.put(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key(), "true");
        }
        String kind = from.kind().name().toLowerCase(java.util.Locale.ROOT);
        submitter.resubmit(
                new Resumption(record.id(), record.owner(), "Resumed from " + kind + " " + from.path() + occasion),
                record.statement(),
                options,
                (sql, tables) -> sql);
    }

    /**
     * The newest state the job can continue from: what was recorded when its current Flink job ended (a stop's
     * savepoint, a cancel's checkpoint), else that Flink job's latest retained checkpoint (recorded now, with
     * {@code trigger}), else the newest recorded for an earlier Flink job.
     */
    private Optional<JobSavepoint> latestRestorePoint(JobRecord record, String trigger) {
        List<JobSavepoint> recorded = tracker.savepoints(record.id());
        Optional<JobSavepoint> newest =
                recorded.isEmpty() ? Optional.empty() : Optional.of(recorded.get(recorded.size() - 1));
        if (record.flinkJobId() == null
                || newest.filter(s -> s.flinkJobId().equals(record.flinkJobId()))
                        .isPresent()) {
            return newest;
        }
        Optional<JobSavepoint> checkpoint = cluster.latestRetainedCheckpoint(JobID.fromHexString(record.flinkJobId()))
                .map(path -> new JobSavepoint(
                        path, JobSavepoint.Kind.CHECKPOINT, trigger, record.flinkJobId(), Instant.now()));
        checkpoint.ifPresent(found -> tracker.recordSavepoint(record.id(), found));
        return checkpoint.or(() -> newest);
    }
}
