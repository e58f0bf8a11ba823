package dev.sluice.gateway.track;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;
import dev.sluice.gateway.store.EstimateCorrection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A job's estimate after the fact: its totals with what Flink measured in place of what was estimated, once the job
 * has run long enough for the measurement to mean something; a figure not measured stays as estimated. The task
 * threads' cores are the busy time summed over every subtask (measured only where every task reports it); the process's cores keep the estimate's ratio of process to task-thread CPU (the JVM's own work is
 * not measured per job); state and a full checkpoint are the last completed checkpoint's size, and a checkpoint's
 * duration the last one's. On the heap backend the heap changes by as much as the state did. Parallelism, slots and
 * managed memory are the estimate's. Too little measurement (too short a run, or neither busy time for every task nor
 * a completed checkpoint) corrects nothing.
 */
public final class EstimateCorrector {

    private final Duration minRuntime;

    public EstimateCorrector(Duration minRuntime) {
        this.minRuntime = requireNonNull(minRuntime, "minRuntime is null");
    }

    /** How long a job must run, and how long a correction stands before it is taken again. */
    public Duration minRuntime() {
        return minRuntime;
    }

    /**
     * The correction of {@code estimate} by {@code measured}, taken at {@code now} of a job that has run for {@code
     * ranFor}; empty when there is too little measurement to correct it.
     */
    public Optional<EstimateCorrection> correct(
            String jobId, Estimate estimate, JobMetrics measured, Duration ranFor, Instant now) {
        if (ranFor.compareTo(minRuntime) < 0) {
            return Optional.empty();
        }
        Optional<Double> measuredCores = cores(measured);
        Optional<Long> measuredState = Optional.ofNullable(measured.stateSizeBytes());
        if (measuredCores.isEmpty() && measuredState.isEmpty()) {
            return Optional.empty();
        }
        Totals estimated = estimate.totals();
        double cores = measuredCores.orElse(estimated.cpuCores());
        long state = measuredState.orElse(estimated.stateBytes());
        double processCores = measuredCores.isEmpty()
                ? estimated.processCpuCores()
                : estimated.cpuCores() > 0 ? cores * estimated.processCpuCores() / estimated.cpuCores() : cores;
        long heap = estimate.backend() == StateBackend.HEAP
                ? Math.max(0, estimated.heapBytes() - estimated.stateBytes() + state)
                : estimated.heapBytes();
        long checkpointBytes = measuredState.orElse(estimated.checkpointBytes());
        long checkpointMillis = measured.lastCheckpointMillis() == null
                ? estimated.checkpointMillis()
                : measured.lastCheckpointMillis();
        Totals corrected = new Totals(
                estimated.parallelism(),
                estimated.taskSlots(),
                cores,
                state,
                heap,
                estimated.managedBytes(),
                checkpointBytes,
                checkpointMillis,
                estimated.unboundedState(),
                processCores);
        int parallelism = measured.vertices().stream()
                .mapToInt(JobMetrics.Vertex::parallelism)
                .max()
                .orElseThrow();
        return Optional.of(new EstimateCorrection(
                jobId,
                parallelism,
                corrected,
                new EstimateCorrection.Basis(
                        measuredCores.orElse(null),
                        measuredState.orElse(null),
                        measured.recordsReadPerSecond(),
                        ranFor.toSeconds()),
                now));
    }

    /**
     * The task threads' cores: busy time summed over every subtask; unknown where a task's busy time is not reported
     * (Flink reports none for a source that runs its own thread).
     */
    private static Optional<Double> cores(JobMetrics measured) {
        if (measured.vertices().isEmpty()
                || measured.vertices().stream().anyMatch(vertex -> vertex.busyTimeMsPerSecond() == null)) {
            return Optional.empty();
        }
        return Optional.of(measured.vertices().stream()
                .mapToDouble(vertex -> vertex.parallelism() * vertex.busyTimeMsPerSecond() / 1000)
                .sum());
    }
}
