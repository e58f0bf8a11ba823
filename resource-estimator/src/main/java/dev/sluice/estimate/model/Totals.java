package dev.sluice.estimate.model;

/**
 * What a statement (or a script) needs as a whole.
 *
 * @param parallelism the job parallelism that keeps each slot (one core, holding an instance of every operator) under
 *     the target utilization
 * @param taskSlots slots to run it (slot sharing: one per parallel instance)
 * @param cpuCores cores the job's task threads keep busy at the given rates
 * @param stateBytes keyed state of all operators
 * @param heapBytes task heap: framework per slot, plus state on the heap backend
 * @param managedBytes managed memory: RocksDB's block cache and write buffers; none on the heap backend
 * @param checkpointBytes the size of one full checkpoint
 * @param checkpointMillis how long one checkpoint takes to write
 * @param unboundedState some state keeps growing; its figures are after the horizon
 * @param processCpuCores cores the TaskManagers' processes spend on the job: its task threads' plus what the JVM
 *     spends besides them (garbage collection of what the tasks allocate, JIT, Flink's runtime threads), the figure
 *     a capacity plan needs; never below {@code cpuCores} (estimates stored before it existed read it as that)
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
        boolean unboundedState,
        double processCpuCores) {

    public Totals {
        processCpuCores = Math.max(processCpuCores, cpuCores);
    }

    /** Totals whose processes spend no more than their task threads. */
    public Totals(
            int parallelism,
            int taskSlots,
            double cpuCores,
            long stateBytes,
            long heapBytes,
            long managedBytes,
            long checkpointBytes,
            long checkpointMillis,
            boolean unboundedState) {
        this(
                parallelism,
                taskSlots,
                cpuCores,
                stateBytes,
                heapBytes,
                managedBytes,
                checkpointBytes,
                checkpointMillis,
                unboundedState,
                cpuCores);
    }
}
