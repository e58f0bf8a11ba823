package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/history}: a page of the caller's statements, the latest first.
 *
 * @param nextOffset the {@code offset} of the next page, {@code null} on the last
 */
public record HistoryList(List<Entry> entries, @Nullable Integer nextOffset) {

    /**
     * A statement the caller ran.
     *
     * @param listener where it came in: API, FLINK_ENDPOINT or POSTGRES
     * @param status RUNNING, SUCCEEDED, FAILED, REFUSED, HELD or CANCELLED
     * @param durationMs from its submission to its end, {@code null} while it runs
     * @param jobId the job an INSERT or statement set started
     * @param approvalId the approval a HELD statement waits for
     * @param message why it failed, was refused, held or cancelled
     */
    public record Entry(
            String id,
            String sql,
            String listener,
            String status,
            Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Long durationMs,
            @Nullable String jobId,
            @Nullable String approvalId,
            @Nullable String message) {}
}
