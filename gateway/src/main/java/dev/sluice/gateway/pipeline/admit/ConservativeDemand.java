package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.store.Resources;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

import static java.util.Objects.requireNonNull;

/**
 * What a job is assumed to take when nothing better is known: a slot and a core for each unit of its default
 * parallelism, a fixed memory per slot and a fixed state size. Deliberately on the high side, so that a job
 * admitted on this guess does not push its tenant over quota unnoticed.
 */
public final class ConservativeDemand {

    private final MemorySize memoryPerSlot;
    private final MemorySize statePerJob;

    public ConservativeDemand(MemorySize memoryPerSlot, MemorySize statePerJob) {
        this.memoryPerSlot = requireNonNull(memoryPerSlot, "memoryPerSlot is null");
        this.statePerJob = requireNonNull(statePerJob, "statePerJob is null");
    }

    /** The demand of a job planned with {@code config} (the session's and the statement's settings). */
    public Resources of(ReadableConfig config) {
        int parallelism = Math.max(1, config.get(CoreOptions.DEFAULT_PARALLELISM));
        return new Resources(
                parallelism,
                parallelism * 1_000L,
                Math.multiplyExact(parallelism, memoryPerSlot.getBytes()),
                statePerJob.getBytes());
    }
}
