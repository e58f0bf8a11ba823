package dev.sluice.gateway.api.model;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.track.JobMetrics;

import javax.annotation.Nullable;

import java.time.Instant;

/**
 * A job Sluice started: its status, the Flink job behind it, when it started and the SQL that started it. Reading
 * one job also shows the estimate it was admitted with and what Flink measures of it (while it runs).
 */
public record JobResponse(
        String id,
        String status,
        @Nullable String statusMessage,
        @Nullable String flinkJobId,
        String sessionId,
        String sql,
        Instant startTime,
        Instant updateTime,
        @Nullable Estimate estimate,
        @Nullable JobMetrics measured) {}
