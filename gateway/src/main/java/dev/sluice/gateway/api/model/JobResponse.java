package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A job Sluice started: its status, the Flink job behind it, when it started, the SQL that started it and the
 * catalog function versions it was submitted with.
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
        List<FunctionUseResponse> functions) {}
