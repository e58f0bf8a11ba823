package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.util.List;

/**
 * A page of a statement's rows. Ask again with {@code nextToken} for the next page; a streaming query keeps
 * returning new rows (an empty page while none have arrived) until it ends or is cancelled. No {@code nextToken}
 * means the results have ended.
 */
public record ResultPage(
        String status,
        List<Column> columns,
        List<ResultRow> rows,
        @Nullable Long nextToken,
        @Nullable String jobId) {}
