package dev.sluice.gateway.store;

/** Where a job the gateway submitted stands. */
public enum JobStatus {
    SUBMITTED,
    RUNNING,
    FINISHED,
    CANCELED,
    /** Stopped with a savepoint, on request: it can be resumed from there. */
    STOPPED,
    FAILED,
    /** The gateway no longer finds the job on the cluster, e.g. after the embedded cluster restarted. */
    LOST
}
