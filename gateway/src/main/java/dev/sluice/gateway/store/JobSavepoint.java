package dev.sluice.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * A savepoint or retained checkpoint a job can be resumed from.
 *
 * @param path where Flink wrote it (the directory holding {@code _metadata})
 * @param trigger what made Sluice record it: {@link #STOP}, {@link #CANCEL} or {@link #RECONCILE}
 * @param flinkJobId the Flink job whose state it holds
 */
public record JobSavepoint(String path, Kind kind, String trigger, String flinkJobId, Instant takenAt) {

    /** A stop with savepoint on request. */
    public static final String STOP = "stop";
    /** The latest retained checkpoint of a job that was canceled. */
    public static final String CANCEL = "cancel";
    /** The latest retained checkpoint of a job the gateway found gone after a restart. */
    public static final String RECONCILE = "reconcile";

    public enum Kind {
        SAVEPOINT,
        CHECKPOINT
    }

    public JobSavepoint {
        requireNonNull(path, "path is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(flinkJobId, "flinkJobId is null");
        takenAt = requireNonNull(takenAt, "takenAt is null").truncatedTo(ChronoUnit.MICROS);
    }
}
