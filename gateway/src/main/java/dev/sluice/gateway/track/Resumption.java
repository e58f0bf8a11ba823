package dev.sluice.gateway.track;

import static java.util.Objects.requireNonNull;

/**
 * A recorded job being started again as a new Flink job under the same Sluice job record.
 *
 * @param jobId Sluice's id of the job
 * @param reason what its history says about the new Flink job, e.g. "Resumed from savepoint ... on request."
 */
public record Resumption(String jobId, String reason) {

    public Resumption {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(reason, "reason is null");
    }
}
