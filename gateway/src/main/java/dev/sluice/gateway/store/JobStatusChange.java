package dev.sluice.gateway.store;

import javax.annotation.Nullable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * One transition in a job's history.
 *
 * @param reason why the job moved to {@code status}, e.g. "Stopped with a savepoint on request."
 * @param flinkJobId the Flink job the transition concerns; a resumed job has a new one
 */
public record JobStatusChange(
        JobStatus status, @Nullable String reason, @Nullable String flinkJobId, Instant at) {

    public JobStatusChange {
        requireNonNull(status, "status is null");
        at = requireNonNull(at, "at is null").truncatedTo(ChronoUnit.MICROS);
    }
}
