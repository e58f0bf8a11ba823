package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A job Sluice started: its status, the Flink job behind it, when it started and the SQL that started it; for one job
 * read by id, also its status history and savepoints (absent from lists).
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
        @Nullable List<JobStatusChangeResponse> history,
        @Nullable List<SavepointResponse> savepoints) {}
