package dev.sluice.gateway.pipeline.admit;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.Totals;
import dev.sluice.gateway.store.Resources;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.config.ExecutionConfigOptions;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a job asks of its tenant's quota. Its slots are those of its parallelism (one per parallel instance, with
 * slot sharing): {@code table.exec.resource.default-parallelism} where set, else {@code parallelism.default}. With an estimate, its cores and memory (heap and managed) are the estimate's, but never more than
 * its slots can hold: a job of parallelism p uses at most p cores and p slots' memory, however far behind its input
 * it falls (the estimate says what it would need to keep up; that is the estimator's report, not what it takes).
 * Its state is the estimate's. Without an estimate, cores, memory and state are guessed on the high side, so that a
 * job admitted on a guess does not push its tenant over quota unnoticed: a core per slot, a fixed memory per slot
 * and a fixed state.
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
        return ofTotals(config, estimate.map(Estimate::totals));
    }

    /** The demand of a job planned with {@code config} whose totals are known (estimated, or corrected). */
    public Resources ofTotals(ReadableConfig config, Optional<Totals> known) {
        int parallelism = parallelism(config);
        if (known.isPresent()) {
            Totals totals = known.get();
            return new Resources(
                    parallelism,
                    Math.min((long) Math.ceil(totals.cpuCores() * 1_000), parallelism * 1_000L),
                    Math.min(Math.addExact(totals.heapBytes(), totals.managedBytes()), slotsMemory(parallelism)),
                    totals.stateBytes());
        }
        return new Resources(parallelism, parallelism * 1_000L, slotsMemory(parallelism), statePerJob.getBytes());
    }

    /** The parallelism of a job planned with {@code config}. */
    public int parallelism(ReadableConfig config) {
        // The planner's own default, where set, wins over parallelism.default for every operator of a table job.
        int tableParallelism = config.get(ExecutionConfigOptions.TABLE_EXEC_RESOURCE_DEFAULT_PARALLELISM);
        return Math.max(1, tableParallelism > 0 ? tableParallelism : config.get(CoreOptions.DEFAULT_PARALLELISM));
    }

    private long slotsMemory(int parallelism) {
        return Math.multiplyExact(parallelism, memoryPerSlot.getBytes());
    }
}
