package dev.sluice.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * What a running query was admitted with: the resources counted against its tenant's quota and the cluster's slots
 * until it ends.
 *
 * @param flinkJobId the query's Flink job, {@code null} until it is submitted
 */
public record QueryAdmission(
        String queryId, String tenant, String sessionId, String flinkJobId, Resources demand, Instant admittedAt) {

    public QueryAdmission {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(demand, "demand is null");
        admittedAt = requireNonNull(admittedAt, "admittedAt is null").truncatedTo(ChronoUnit.MICROS);
    }
}
