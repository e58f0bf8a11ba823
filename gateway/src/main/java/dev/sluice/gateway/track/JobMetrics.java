package dev.sluice.gateway.track;

import javax.annotation.Nullable;

import java.util.List;

/**
 * What Flink measures of a running job, to set next to its estimate.
 *
 * @param recordsReadPerSecond what the job's source operators emit, summed over their subtasks: what it reads, as the
 *     estimate's source rates count it (a source task's own output is after the operators chained to it); null until
 *     Flink reports it
 * @param stateSizeBytes the full state size of the last completed checkpoint
 * @param lastCheckpointBytes bytes the last completed checkpoint wrote (smaller than the state when incremental)
 * @param lastCheckpointMillis how long the last completed checkpoint took, end to end
 */
public record JobMetrics(
        List<Vertex> vertices,
        @Nullable Double recordsReadPerSecond,
        @Nullable Long stateSizeBytes,
        @Nullable Long lastCheckpointBytes,
        @Nullable Long lastCheckpointMillis) {

    public JobMetrics {
        vertices = List.copyOf(vertices);
    }

    /**
     * One task of the job graph (chained operators).
     *
     * @param busyTimeMsPerSecond the average over its subtasks: 1000 is a fully busy core per subtask
     * @param backPressuredTimeMsPerSecond the average over its subtasks of the time spent waiting for the next task to
     *     take its output: 1000 is fully back-pressured
     * @param recordsInPerSecond summed over its subtasks
     */
    public record Vertex(
            String name,
            int parallelism,
            @Nullable Double busyTimeMsPerSecond,
            @Nullable Double backPressuredTimeMsPerSecond,
            @Nullable Double recordsInPerSecond,
            @Nullable Double recordsOutPerSecond) {}
}
