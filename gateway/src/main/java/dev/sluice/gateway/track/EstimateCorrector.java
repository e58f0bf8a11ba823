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
 * has run long enough for the measurement to mean something. The task threads' cores are the busy time summed over
 * every subtask; the process's cores keep the estimate's ratio of process to task-thread CPU (the JVM's own work is
 * not measured per job); state and a full checkpoint are the last completed checkpoint's size, and a checkpoint's
 * duration the last one's. On the heap backend the heap changes by as much as the state did. Parallelism, slots and
 * managed memory are the job's as it ran. Too little measurement (too short a run, a task whose busy time Flink has
 * not reported, no completed checkpoint yet) corrects nothing.
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
        if (ranFor.compareTo(minRuntime) < 0
                || measured.vertices().isEmpty()
                || measured.stateSizeBytes() == null
                || measured.vertices().stream().anyMatch(vertex -> vertex.busyTimeMsPerSecond() == null)) {
            return Optional.empty();
        }
        double cores = measured.vertices().stream()
                .mapToDouble(vertex -> vertex.parallelism() * vertex.busyTimeMsPerSecond() / 1000)
                .sum();
        long state = measured.stateSizeBytes();
        Totals estimated = estimate.totals();
        double processCores =
                estimated.cpuCores() > 0 ? cores * estimated.processCpuCores() / estimated.cpuCores() : cores;
        long heap = estimate.backend() == StateBackend.HEAP
                ? Math.max(0, estimated.heapBytes() - estimated.stateBytes() + state)
                : estimated.heapBytes();
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
                state,
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
                new EstimateCorrection.Basis(cores, state, measured.recordsReadPerSecond(), ranFor.toSeconds()),
                now));
    }
}
