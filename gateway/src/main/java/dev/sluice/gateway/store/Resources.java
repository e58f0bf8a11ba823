package dev.sluice.gateway.store;

/**
 * An amount of cluster resources: what a job was admitted with, what a tenant uses, or what its quota allows.
 * CPU is in thousandths of a core, so that sums are exact and both databases store an integer.
 */
public record Resources(int taskSlots, long cpuMillis, long memoryBytes, long stateBytes) {

    public static final Resources NONE = new Resources(0, 0, 0, 0);

    public Resources {
        if (taskSlots < 0 || cpuMillis < 0 || memoryBytes < 0 || stateBytes < 0) {
            throw new IllegalArgumentException("Resources cannot be negative: " + taskSlots + " slots, " + cpuMillis
                    + " millicores, " + memoryBytes + " memory bytes, " + stateBytes + " state bytes");
        }
    }

    public Resources plus(Resources other) {
        return new Resources(
                Math.addExact(taskSlots, other.taskSlots),
                Math.addExact(cpuMillis, other.cpuMillis),
                Math.addExact(memoryBytes, other.memoryBytes),
                Math.addExact(stateBytes, other.stateBytes));
    }
}
