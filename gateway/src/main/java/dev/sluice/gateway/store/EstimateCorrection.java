package dev.sluice.gateway.store;

import dev.sluice.estimate.model.Totals;

import javax.annotation.Nullable;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A job's estimate corrected from what Flink measured once it had run a while: what admission asks of the quota when
 * the job is resumed, or when its tenant submits the same statement again at the same parallelism.
 *
 * @param jobId the job that was measured
 * @param parallelism the parallelism it ran at: the measured figures hold at that parallelism only
 * @param totals the estimate's totals with the measured figures in place of the estimated ones
 * @param basis what was measured
 * @param measuredAt when
 */
public record EstimateCorrection(String jobId, int parallelism, Totals totals, Basis basis, Instant measuredAt) {

    public EstimateCorrection {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(totals, "totals is null");
        requireNonNull(basis, "basis is null");
        requireNonNull(measuredAt, "measuredAt is null");
    }

    /**
     * What a correction rests on.
     *
     * @param cpuCores the job's task threads' busy time, summed over every subtask, in cores; null where a task's busy
     *     time is not reported (its totals keep the estimate's cores)
     * @param stateBytes the full size of its last completed checkpoint; null before one completed (its totals keep the
     *     estimate's state)
     * @param recordsReadPerSecond what its sources emitted; null where Flink did not report it yet
     * @param ranForSeconds how long the job had run (since its last status change) when it was measured
     */
    public record Basis(
            @Nullable Double cpuCores,
            @Nullable Long stateBytes,
            @Nullable Double recordsReadPerSecond,
            long ranForSeconds) {}
}
