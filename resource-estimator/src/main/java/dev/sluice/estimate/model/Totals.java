package dev.sluice.estimate.model;

/**
 * What a statement (or a script) needs as a whole.
 *
 * @param parallelism the job parallelism that keeps every operator under the target utilization
 * @param taskSlots slots to run it (slot sharing: one per parallel instance)
 * @param cpuCores cores busy at the given rates
 * @param stateBytes keyed state of all operators
 * @param heapBytes task heap: framework per slot, plus state on the heap backend
 * @param managedBytes managed memory: RocksDB's block cache and write buffers; none on the heap backend
 * @param checkpointBytes the size of one full checkpoint
 * @param checkpointMillis how long one checkpoint takes to write
 * @param unboundedState some state keeps growing; its figures are after the horizon
 */
public record Totals(
        int parallelism,
        int taskSlots,
        double cpuCores,
        long stateBytes,
        long heapBytes,
        long managedBytes,
        long checkpointBytes,
        long checkpointMillis,
        boolean unboundedState) {}
