package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/** A statement held over quota: who asked, when, for what, what it exceeds, and the decision on it. */
public record ApprovalResponse(
        String id,
        String status,
        String tenant,
        String requestedBy,
        Instant requestedAt,
        String sql,
        QuotaResponse.Amounts demand,
        List<String> exceeded,
        @Nullable String decidedBy,
        @Nullable Instant decidedAt,
        @Nullable String comment,
        @Nullable String jobId) {}
