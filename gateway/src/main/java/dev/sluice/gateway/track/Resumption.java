package dev.sluice.gateway.track;

import static java.util.Objects.requireNonNull;

/**
 * A recorded job being started again as a new Flink job under the same Sluice job record.
 *
 * @param jobId Sluice's id of the job
 * @param owner the id of the token that submitted the job: the new Flink job runs as theirs, in their tenant
 * @param reason what its history says about the new Flink job, e.g. "Resumed from savepoint ... on request."
 */
public record Resumption(String jobId, String owner, String reason) {

    public Resumption {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(reason, "reason is null");
    }
}
