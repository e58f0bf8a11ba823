package dev.sluice.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A statement held because it would take its tenant over quota, and the admin's decision on it.
 *
 * @param currentCatalog the submitting session's current catalog, against which the statement's names resolve
 * @param sessionConfig the submitting session's configuration, so an approved statement runs exactly as submitted
 * @param exceeded one line per limit the statement would exceed, e.g. {@code "taskSlots: 4 used + 8 asked > 10"}
 * @param decision the admin's decision, {@code null} while pending
 * @param jobId the job an approval started, {@code null} otherwise
 */
public record ApprovalRecord(
        String id,
        String tenant,
        String requesterId,
        String requesterName,
        Instant requestedAt,
        String statement,
        String currentCatalog,
        String currentDatabase,
        Map<String, String> sessionConfig,
        Resources demand,
        List<String> exceeded,
        ApprovalStatus status,
        Decision decision,
        String jobId) {

    /** Who decided, when, and why. */
    public record Decision(String deciderId, String deciderName, Instant decidedAt, String comment) {
        public Decision {
            requireNonNull(deciderId, "deciderId is null");
            requireNonNull(deciderName, "deciderName is null");
            decidedAt = requireNonNull(decidedAt, "decidedAt is null").truncatedTo(ChronoUnit.MICROS);
        }
    }

    public ApprovalRecord {
        requireNonNull(id, "id is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(requesterId, "requesterId is null");
        requireNonNull(requesterName, "requesterName is null");
        requestedAt = requireNonNull(requestedAt, "requestedAt is null").truncatedTo(ChronoUnit.MICROS);
        requireNonNull(statement, "statement is null");
        requireNonNull(currentCatalog, "currentCatalog is null");
        requireNonNull(currentDatabase, "currentDatabase is null");
        sessionConfig = Map.copyOf(requireNonNull(sessionConfig, "sessionConfig is null"));
        requireNonNull(demand, "demand is null");
        exceeded = List.copyOf(requireNonNull(exceeded, "exceeded is null"));
        requireNonNull(status, "status is null");
        if ((status == ApprovalStatus.PENDING) != (decision == null)) {
            throw new IllegalArgumentException("A pending request has no decision, a decided one has: " + status);
        }
    }
}
