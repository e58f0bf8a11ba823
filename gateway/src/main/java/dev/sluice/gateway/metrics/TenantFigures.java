package dev.sluice.gateway.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One tenant's figures at a scrape.
 *
 * @param jobsByStatus how many of the tenant's job records are in each status (every status, zeros included)
 * @param oldestPendingApproval how long the oldest approval request still pending has waited
 * @param quotaUsed what the tenant's admitted jobs and queries hold, by resource
 * @param quotaLimit the tenant's quota (its own, else the default), by the same resources
 */
public record TenantFigures(
        String tenant,
        int sessions,
        int runningQueries,
        Map<String, Integer> jobsByStatus,
        int pendingApprovals,
        Optional<Duration> oldestPendingApproval,
        Map<String, Double> quotaUsed,
        Map<String, Double> quotaLimit) {

    public TenantFigures {
        requireNonNull(tenant, "tenant is null");
        jobsByStatus = Map.copyOf(requireNonNull(jobsByStatus, "jobsByStatus is null"));
        requireNonNull(oldestPendingApproval, "oldestPendingApproval is null");
        quotaUsed = Map.copyOf(requireNonNull(quotaUsed, "quotaUsed is null"));
        quotaLimit = Map.copyOf(requireNonNull(quotaLimit, "quotaLimit is null"));
    }
}
