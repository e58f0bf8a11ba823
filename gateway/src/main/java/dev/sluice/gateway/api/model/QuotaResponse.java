package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

/**
 * A tenant's quota, what its active jobs and running queries hold of it, and whether the quota is the tenant's own or
 * the gateway's default.
 */
public record QuotaResponse(String tenant, String source, Amounts quota, Amounts used) {

    /**
     * Jobs and resources, as a quota's limits or as what is in use; for a quota, also the caps on running queries and
     * pending approval requests every tenant has, and for its use how many of each it has.
     */
    public record Amounts(
            int jobs,
            int taskSlots,
            double cpuCores,
            long memoryBytes,
            long stateBytes,
            @Nullable Integer queries,
            @Nullable Integer pendingApprovals) {}
}
