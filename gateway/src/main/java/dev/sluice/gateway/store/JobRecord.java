package dev.sluice.gateway.store;

import javax.annotation.Nullable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * A job the gateway submitted. Times are kept to the microsecond, the precision both H2 and PostgreSQL store, so
 * that a record reads back equal to the one written.
 *
 * @param tenant the tenant of the session that submitted it: only that tenant's callers (and admins) see the job
 * @param owner the id of the token whose session submitted it
 * @param statement the SQL that started the job
 * @param flinkJobId Flink's id of the job, {@code null} until Flink has assigned one
 * @param statusMessage why the job is in its status, e.g. the failure; may be {@code null}
 * @param name what people call it: the session's {@code pipeline.name}, else the tables it writes; {@code null} for
 *     jobs recorded before jobs were named
 */
public record JobRecord(
        String id,
        String tenant,
        String owner,
        String sessionId,
        String statement,
        String flinkJobId,
        JobStatus status,
        String statusMessage,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String name) {

    public JobRecord {
        requireNonNull(id, "id is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(statement, "statement is null");
        requireNonNull(status, "status is null");
        createdAt = requireNonNull(createdAt, "createdAt is null").truncatedTo(ChronoUnit.MICROS);
        updatedAt = requireNonNull(updatedAt, "updatedAt is null").truncatedTo(ChronoUnit.MICROS);
    }
}
