package dev.sluice.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * What a job was admitted with: the resources counted against its tenant's quota while it runs, and the approval
 * it needed, if it went over.
 *
 * @param approvalId the approval request an admin granted, {@code null} when the job fitted in the quota
 */
public record AdmissionRecord(String jobId, String tenant, Resources demand, String approvalId, Instant admittedAt) {

    public AdmissionRecord {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(demand, "demand is null");
        admittedAt = requireNonNull(admittedAt, "admittedAt is null").truncatedTo(ChronoUnit.MICROS);
    }
}
