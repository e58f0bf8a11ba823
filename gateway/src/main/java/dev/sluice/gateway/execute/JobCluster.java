package dev.sluice.gateway.execute;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

import java.util.Map;
import java.util.Optional;

/**
 * What job tracking needs from the cluster jobs run on, whichever it is: the embedded MiniCluster, whose jobs die
 * with the gateway, or a remote session cluster, whose jobs outlive it and are re-attached after a restart.
 * Everything goes through Flink's REST API and Flink's file systems, so both work the same way.
 */
public interface JobCluster {

    /** The Flink configuration a session needs to submit jobs to this cluster. */
    Configuration sessionConfiguration();

    /** Every job the cluster knows, with its status and how many of its tasks run. */
    Map<JobID, ClusterJob> jobs() throws Exception;

    /** The cluster's task slots now: all, and the free ones. */
    ClusterSlots slots() throws Exception;

    /** Why a failed job failed, in the words of its root exception. */
    Optional<String> failureCause(JobID jobId);

    void cancel(JobID jobId) throws Exception;

    /**
     * Stops the job with a savepoint in the savepoint directory of the {@link #sessionConfiguration()} (else the
     * cluster's) and returns its path.
     *
     * @param drain advance to the end of event time first, firing every window and timer (for a final stop)
     */
    String stopWithSavepoint(JobID jobId, boolean drain) throws Exception;

    /** The newest complete retained checkpoint ({@code chk-N} holding {@code _metadata}) of the job, if any. */
    Optional<String> latestRetainedCheckpoint(JobID jobId);

    /** Whether {@code path} is a complete savepoint or checkpoint the cluster can restore from. */
    boolean isRestorable(String path);
}
