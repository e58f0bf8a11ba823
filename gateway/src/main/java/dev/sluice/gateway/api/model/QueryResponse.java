package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;

/**
 * A query running on the gateway: who runs it, through which listener, since when, when its results were last read
 * (it is cancelled once they go unread for sluice.queries.unread-timeout), and what it holds of its tenant's quota.
 *
 * @param flinkJobId its Flink job, {@code null} while it is being submitted
 * @param resources what it was admitted with, {@code null} once it has been released
 */
public record QueryResponse(
        String id,
        String tenant,
        String user,
        String listener,
        String sql,
        Instant startedAt,
        Instant lastReadAt,
        @Nullable String flinkJobId,
        @Nullable Resources resources) {

    /** The task slots, CPU, memory and state a query was admitted with, which count against its tenant's quota. */
    public record Resources(int taskSlots, double cpuCores, long memoryBytes, long stateBytes) {}
}
