package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;

/** One row of the audit log. */
public record AuditEntry(
        long id,
        Instant time,
        String tenant,
        String actorId,
        String actorName,
        String action,
        @Nullable String target,
        String result,
        @Nullable String approvalId) {}
