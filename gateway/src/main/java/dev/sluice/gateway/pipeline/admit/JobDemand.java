package dev.sluice.gateway.pipeline.admit;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.Totals;
import dev.sluice.gateway.store.Resources;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a job asks of its tenant's quota. Its slots are those of its parallelism (one per parallel instance, with
 * slot sharing). With an estimate, its cores, memory (heap and managed) and state are the estimate's. Without one,
 * they are guessed on the high side, so that a job admitted on a guess does not push its tenant over quota
 * unnoticed: a core per slot, a fixed memory per slot and a fixed state.
 */
public final class JobDemand {

    private final MemorySize memoryPerSlot;
    private final MemorySize statePerJob;

    public JobDemand(MemorySize memoryPerSlot, MemorySize statePerJob) {
        this.memoryPerSlot = requireNonNull(memoryPerSlot, "memoryPerSlot is null");
        this.statePerJob = requireNonNull(statePerJob, "statePerJob is null");
    }

    /** The demand of a job planned with {@code config} (the session's and the statement's settings). */
    public Resources of(ReadableConfig config, Optional<Estimate> estimate) {
        int parallelism = Math.max(1, config.get(CoreOptions.DEFAULT_PARALLELISM));
        if (estimate.isPresent()) {
            Totals totals = estimate.get().totals();
            return new Resources(
                    parallelism,
                    (long) Math.ceil(totals.cpuCores() * 1_000),
                    Math.addExact(totals.heapBytes(), totals.managedBytes()),
                    totals.stateBytes());
        }
        return new Resources(
                parallelism,
                parallelism * 1_000L,
                Math.multiplyExact(parallelism, memoryPerSlot.getBytes()),
                statePerJob.getBytes());
    }
}
