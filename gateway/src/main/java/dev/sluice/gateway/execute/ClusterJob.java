package dev.sluice.gateway.execute;

import org.apache.flink.api.common.JobStatus;

import static java.util.Objects.requireNonNull;

/**
 * A job as the cluster reports it: its status, and how many of its tasks run. Flink calls a job RUNNING as soon as it
 * is scheduled, while its tasks may still wait for slots or deploy; only the task counts tell whether it really runs.
 *
 * @param runningTasks the tasks that run or have finished (a bounded source's task ends before the job)
 * @param waitingTasks the tasks that have no slot yet; the others are being deployed or initialized
 */
public record ClusterJob(JobStatus status, int tasks, int runningTasks, int waitingTasks) {

    public ClusterJob {
        requireNonNull(status, "status is null");
    }

    /** Flink calls the job RUNNING and every task of it has a slot, though some may still be deploying. */
    public boolean hasAllSlots() {
        return status == JobStatus.RUNNING && waitingTasks == 0;
    }

    /** Flink calls the job RUNNING and every task of it runs (or has finished its part). */
    public boolean allTasksRunning() {
        return status == JobStatus.RUNNING && runningTasks >= tasks;
    }
}
