package dev.sluice.gateway.store;

import java.util.Set;

/** Where a job the gateway submitted stands. */
public enum JobStatus {
    SUBMITTED,
    /**
     * On the cluster, but not all its tasks run: waiting for task slots, deploying, or restarting after a failure.
     * It holds its part of the quota all the same.
     */
    SCHEDULING,
    /** Every task of the job runs. */
    RUNNING,
    FINISHED,
    CANCELED,
    /** Stopped with a savepoint, on request: it can be resumed from there. */
    STOPPED,
    FAILED,
    /** The gateway no longer finds the job on the cluster, e.g. after the embedded cluster restarted. */
    LOST;

    /** The statuses in which a job is on the cluster and holds its part of its tenant's quota. */
    public static final Set<JobStatus> ACTIVE = Set.of(SUBMITTED, SCHEDULING, RUNNING);
}
