package dev.sluice.gateway.api.model;

/**
 * A tenant's quota, what its active jobs hold of it, and whether the quota is the tenant's own or the gateway's
 * default.
 */
public record QuotaResponse(String tenant, String source, Amounts quota, Amounts used) {

    /** Jobs and resources, as a quota's limits or as what is in use. */
    public record Amounts(int jobs, int taskSlots, double cpuCores, long memoryBytes, long stateBytes) {}
}
