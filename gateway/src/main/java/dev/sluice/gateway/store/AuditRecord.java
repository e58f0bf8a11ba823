package dev.sluice.gateway.store;

import javax.annotation.Nullable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * One row of the audit log: a call that changed something, or tried to.
 *
 * @param id assigned by the store; {@code null} before the row is appended
 * @param actorId the id of the caller's token (never the token or its hash)
 * @param action what was done, e.g. {@code token.create}
 * @param target what it was done to, e.g. a tenant or job id; may be {@code null}
 * @param result {@code ok}, or the error code the call ended with
 * @param approvalId the approval the call ran under, if it needed one
 */
public record AuditRecord(
        @Nullable Long id,
        Instant occurredAt,
        String tenant,
        String actorId,
        String actorName,
        String action,
        @Nullable String target,
        String result,
        @Nullable String approvalId) {

    public AuditRecord {
        occurredAt = requireNonNull(occurredAt, "occurredAt is null").truncatedTo(ChronoUnit.MICROS);
        requireNonNull(tenant, "tenant is null");
        requireNonNull(actorId, "actorId is null");
        requireNonNull(actorName, "actorName is null");
        requireNonNull(action, "action is null");
        requireNonNull(result, "result is null");
    }
}
