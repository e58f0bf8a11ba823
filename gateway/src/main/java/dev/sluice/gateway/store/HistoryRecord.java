package dev.sluice.gateway.store;

import javax.annotation.Nullable;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A statement a user ran, as their history keeps it.
 *
 * @param owner the user: a token's name in its tenant
 * @param listener where it came in: API, FLINK_ENDPOINT or POSTGRES
 * @param finishedAt null while it runs
 * @param jobId the job it started (an INSERT or statement set), or the approval it waits for
 * @param message why it failed, was refused or was cancelled; null when it succeeded or runs
 */
public record HistoryRecord(
        String id,
        String tenant,
        String owner,
        String listener,
        String sql,
        HistoryStatus status,
        Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable String jobId,
        @Nullable String message) {

    public HistoryRecord {
        requireNonNull(id, "id is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(listener, "listener is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(status, "status is null");
        requireNonNull(startedAt, "startedAt is null");
    }
}
